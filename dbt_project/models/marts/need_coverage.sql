-- Per need: was it addressed, whom did the education reach, and where does its metric stand.
with needs as (
    select * from {{ ref('stg_needs') }}
),

education as (
    select * from {{ ref('int_need_education') }}
),

audience as (
    select need_id, count(*) as target_audience_size
    from {{ ref('int_need_target_audience') }}
    group by need_id
),

learners as (
    select * from {{ ref('int_need_learners') }}
),

reach as (
    select
        learners.need_id,
        count(*) as learners_reached,
        sum(case when in_audience.clinician_npi is not null then 1 else 0 end) as target_audience_reached
    from learners
    left join {{ ref('int_need_target_audience') }} as in_audience
        on in_audience.need_id = learners.need_id
        and in_audience.clinician_npi = learners.clinician_npi
    group by learners.need_id
),

impact as (
    select * from {{ ref('qi_impact') }}
    where exposure = 'attendance'
),

-- Learning that started in practice, beside the committee's education: who applied a look-up on the topic.
point_of_care as (
    select
        point_of_care.need_id,
        count(*) as clinicians,
        max(impact.claim) as claim
    from {{ ref('int_point_of_care_exposure') }} as point_of_care
    left join {{ ref('qi_impact') }} as impact
        on impact.need_id = point_of_care.need_id and impact.exposure = 'point_of_care'
    group by point_of_care.need_id
),

windows as (
    select * from {{ ref('int_qi_need_windows') }}
),

-- The metric in the target service line, whatever the metric's grain (see int_metric_monthly_by_entity).
service_line_series as (
    select
        series.*,
        {{ rate_scale('catalog.scoring') }} as rate_scale
    from {{ ref('int_metric_monthly_by_entity') }} as series
    inner join {{ ref('stg_metric_catalog') }} as catalog on catalog.metric_id = series.metric_id
    where series.entity_type = 'service_line'
),

metric_levels as (
    select
        needs.need_id,
        max(series.rate_scale) as rate_scale,
        sum(case when series.period_start between windows.baseline_start and windows.baseline_end
                 then series.numerator end) as baseline_numerator,
        sum(case when series.period_start between windows.baseline_start and windows.baseline_end
                 then series.denominator end) as baseline_denominator,
        max(series.period_start) as latest_period_start
    from needs
    inner join service_line_series as series
        on series.metric_id = needs.metric_id
        and series.entity_id = needs.target_service_line
    left join windows on windows.need_id = needs.need_id
    group by needs.need_id
),

latest_values as (
    select
        metric_levels.need_id,
        metric_levels.latest_period_start,
        series.numerator as latest_numerator,
        series.denominator as latest_denominator
    from metric_levels
    inner join needs on needs.need_id = metric_levels.need_id
    inner join service_line_series as series
        on series.metric_id = needs.metric_id
        and series.entity_id = needs.target_service_line
        and series.period_start = metric_levels.latest_period_start
)

select
    needs.need_id,
    needs.source_type,
    needs.source_name,
    needs.identified_on,
    needs.practice_gap,
    needs.priority,
    needs.target_service_line,
    needs.target_professions,
    needs.metric_id,
    needs.target_value,
    education.linked_activities,
    education.sessions,
    education.education_start,
    education.education_end,
    {{ as_count('coalesce(audience.target_audience_size, 0)') }} as target_audience_size,
    {{ as_count('coalesce(reach.learners_reached, 0)') }} as learners_reached,
    {{ as_count('coalesce(reach.target_audience_reached, 0)') }} as target_audience_reached,
    {{ round_significant('1.0 * coalesce(reach.target_audience_reached, 0) / nullif(audience.target_audience_size, 0)') }}
        as reach_share,
    -- The metric for the whole target service line: pooled over the baseline window, and its latest month.
    -- A denominator of 1-10 shows no value (suppression).
    case when metric_levels.baseline_denominator > 0 and not {{ is_small_cell('metric_levels.baseline_denominator') }}
         then {{ round_significant('metric_levels.rate_scale * metric_levels.baseline_numerator / metric_levels.baseline_denominator') }}
    end as metric_baseline_value,
    latest_values.latest_period_start as metric_latest_period,
    case when latest_values.latest_denominator > 0 and not {{ is_small_cell('latest_values.latest_denominator') }}
         then {{ round_significant('metric_levels.rate_scale * latest_values.latest_numerator / latest_values.latest_denominator') }}
    end as metric_latest_value,
    {{ rate_unit('catalog.scoring', 'catalog.denominator_definition') }} as metric_rate_unit,
    catalog.improvement_notation as metric_improvement_notation,
    case
        when education.sessions = 0 then 'not yet addressed'
        when needs.metric_id is null then 'addressed, no metric'
        when impact.need_id is null then 'measuring'
        else impact.claim
    end as status,
    case
        when education.sessions = 0 or needs.metric_id is null then null
        when impact.need_id is null then 'the metric is not in the catalog yet'
        else impact.claim_reason
    end as status_reason,
    {{ as_count('coalesce(point_of_care.clinicians, 0)') }} as point_of_care_clinicians,
    point_of_care.claim as point_of_care_status
from needs
inner join education on education.need_id = needs.need_id
left join audience on audience.need_id = needs.need_id
left join reach on reach.need_id = needs.need_id
left join impact on impact.need_id = needs.need_id
left join point_of_care on point_of_care.need_id = needs.need_id
left join metric_levels on metric_levels.need_id = needs.need_id
left join latest_values on latest_values.need_id = needs.need_id
left join {{ ref('stg_metric_catalog') }} as catalog on catalog.metric_id = needs.metric_id
