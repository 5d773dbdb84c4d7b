-- Needs assessment from the QI data: one row per metric x reporting entity (service line; unit for unit
-- metrics) with its current rate, the target or benchmark, any adverse run-chart signal against its first
-- months (int_qi_gap_signals), whether a need already points at it, the audience and the point-of-care
-- question volume on its topic. A deterioration no need addresses is a proposed need, ranked for a
-- committee. A need addresses its metric in its target service line (and that service line's units);
-- the same metric elsewhere can still be proposed.
with points as (
    select *,
        row_number() over (partition by metric_id, entity_type, entity_id order by period_start desc) as recency
    from {{ ref('int_run_chart_points') }}
    where not suppressed and rate is not null
),

latest as (
    select
        metric_id, entity_type, entity_id,
        max(metric_name) as metric_name, max(service_line) as service_line, max(rate_unit) as rate_unit,
        max(improvement_notation) as improvement_notation, max(period_start) as latest_period,
        max(rate_scale) * sum(numerator) / sum(denominator) as current_rate, sum(denominator) as current_denominator
    from points
    where recency <= {{ var('gap_current_months') }}
    group by metric_id, entity_type, entity_id
),

needs as (
    select * from {{ ref('stg_needs') }} where metric_id is not null
),

addressed as (
    select latest.metric_id, latest.entity_type, latest.entity_id,
           {{ dbt.listagg('needs.need_id', "', '", 'order by needs.need_id') }} as addressed_by,
           max(needs.target_value) as need_target
    from latest
    inner join needs on needs.metric_id = latest.metric_id and needs.target_service_line = latest.service_line
    group by latest.metric_id, latest.entity_type, latest.entity_id
),

roster as (
    select * from {{ ref('stg_roster') }}
),

audience as (
    select latest.metric_id, latest.entity_type, latest.entity_id, count(distinct roster.npi) as audience_size
    from latest
    inner join roster
        on roster.service_line = latest.service_line
        and (latest.entity_type <> 'unit' or roster.unit = latest.entity_id)
        and (roster.active_to is null or roster.active_to >= latest.latest_period)
    group by latest.metric_id, latest.entity_type, latest.entity_id
),

questions as (
    select latest.metric_id, latest.entity_type, latest.entity_id, count(*) as point_of_care_look_ups
    from latest
    inner join {{ ref('int_metric_topic_look_ups') }} as look_ups
        on look_ups.metric_id = latest.metric_id
        and look_ups.service_line = latest.service_line
        and (latest.entity_type <> 'unit' or look_ups.unit = latest.entity_id)
        and look_ups.entry_date > {{ dbt.dateadd('month', -12, 'latest.latest_period') }}
    group by latest.metric_id, latest.entity_type, latest.entity_id
),

gaps as (
    select
        latest.*,
        catalog.benchmark_value,
        addressed.need_target,
        addressed.addressed_by,
        signals.reference_median,
        coalesce(signals.adverse_signal, false) as adverse_signal,
        coalesce(signals.current_worse_run, 0) as current_worse_run,
        signals.worse_run_limit,
        coalesce(audience.audience_size, 0) as audience_size,
        coalesce(questions.point_of_care_look_ups, 0) as point_of_care_look_ups,
        {{ is_small_cell('latest.current_denominator') }} as suppressed
    from latest
    inner join {{ ref('stg_metric_catalog') }} as catalog on catalog.metric_id = latest.metric_id
    left join {{ ref('int_qi_gap_signals') }} as signals
        on signals.metric_id = latest.metric_id and signals.entity_type = latest.entity_type
        and signals.entity_id = latest.entity_id
    left join addressed
        on addressed.metric_id = latest.metric_id and addressed.entity_type = latest.entity_type
        and addressed.entity_id = latest.entity_id
    left join audience
        on audience.metric_id = latest.metric_id and audience.entity_type = latest.entity_type
        and audience.entity_id = latest.entity_id
    left join questions
        on questions.metric_id = latest.metric_id and questions.entity_type = latest.entity_type
        and questions.entity_id = latest.entity_id
),

proposed as (
    select gaps.*, adverse_signal and addressed_by is null and not suppressed as is_proposed
    from gaps
)

select
    metric_id, metric_name, entity_type, entity_id, service_line, latest_period,
    case when suppressed then null else {{ round_significant('current_rate') }} end as current_rate,
    rate_unit, improvement_notation,
    {{ round_significant('coalesce(benchmark_value, need_target) * 1.0e0') }} as target_value,
    case when benchmark_value is not null then 'catalog benchmark' when need_target is not null then 'need target' end
        as target_source,
    {{ round_significant('reference_median') }} as reference_median,
    adverse_signal,
    {{ as_count('current_worse_run') }} as current_worse_run,
    {{ as_count('worse_run_limit') }} as worse_run_limit,
    addressed_by is not null as addressed,
    addressed_by as addressed_by_need_ids,
    {{ as_count('audience_size') }} as audience_size,
    {{ as_count('point_of_care_look_ups') }} as point_of_care_look_ups,
    suppressed,
    is_proposed as proposed,
    case when adverse_signal then {{ dbt.concat([
        "'the last '", dbt.cast('current_worse_run', dbt.type_string()),
        "' charted months are worse than the median of the first '", "'" ~ var('gap_reference_months') ~ "'",
        "' (the run-chart rule allows '", dbt.cast('worse_run_limit - 1', dbt.type_string()), "')'"]) }} end as evidence,
    case when is_proposed then {{ as_count(
        'row_number() over (partition by is_proposed order by current_worse_run - worse_run_limit desc, '
        ~ 'audience_size desc, point_of_care_look_ups desc, metric_id, entity_id)') }} end as proposal_rank
from proposed
