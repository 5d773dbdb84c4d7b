-- Deterioration found in the QI data itself: one row per metric x reporting entity (int_run_chart_points:
-- service lines, and units for unit metrics), judged against the median of the entity's first
-- var gap_reference_months charted months (its reference period), in the metric's worse direction.
-- Adverse signal: the run of points on the worse side that includes the latest charted month is longer than
-- the run-chart rule allows - Anhoej: longer than round(log2(n)) + 3 for the chart's n useful points; IHI: 6
-- or more (var run_chart_rules, as metric_run_chart). An old deterioration that has since recovered is not
-- a gap now. No signal is judged on a reference median at the measure's floor or a proportion's ceiling.
{%- set reference_months = var('gap_reference_months') %}
with charted as (
    select
        *,
        row_number() over (partition by metric_id, entity_type, entity_id order by period_start) as charted_month
    from {{ ref('int_run_chart_points') }}
    where not suppressed and rate is not null
),

reference as (
    select metric_id, entity_type, entity_id, {{ median('rate') }} as reference_median, count(*) as reference_points
    from charted
    where charted_month <= {{ reference_months }}
    group by metric_id, entity_type, entity_id
),

sided as (
    select
        charted.metric_id, charted.entity_type, charted.entity_id, charted.period_start, charted.charted_month,
        -- 1 on the worse side of the reference median, -1 on the better side, 0 on it.
        case
            when charted.rate = reference.reference_median then 0
            when (charted.rate > reference.reference_median) = (charted.improvement_notation = 'decrease') then 1
            else -1
        end as side
    from charted
    inner join reference
        on reference.metric_id = charted.metric_id
        and reference.entity_type = charted.entity_type
        and reference.entity_id = charted.entity_id
    where reference.reference_points >= {{ reference_months }}
        and reference.reference_median > 0
        and not (charted.scoring = 'proportion' and reference.reference_median >= 1)
),

runs as (
    {{ run_lengths('(' ~ run_islands('sided') ~ ') as islands') }}
),

charts as (
    select
        metric_id, entity_type, entity_id,
        sum(run_length) as useful_points,
        max(run_end) as latest_useful_month
    from runs
    group by metric_id, entity_type, entity_id
),

current_runs as (
    select charts.*, runs.side as current_side, runs.run_length as current_run
    from charts
    inner join runs
        on runs.metric_id = charts.metric_id
        and runs.entity_type = charts.entity_type
        and runs.entity_id = charts.entity_id
        and runs.run_end = charts.latest_useful_month
)

select
    reference.metric_id,
    reference.entity_type,
    reference.entity_id,
    reference.reference_median,
    reference.reference_points,
    current_runs.useful_points,
    case when current_runs.current_side = 1 then current_runs.current_run else 0 end as current_worse_run,
    {%- if var('run_chart_rules') == 'ihi' %}
    6 as worse_run_limit,
    {%- else %}
    limits.longest_run_max + 1 as worse_run_limit,
    {%- endif %}
    coalesce(current_runs.current_side = 1
             and current_runs.current_run >= {{ '6' if var('run_chart_rules') == 'ihi' else 'limits.longest_run_max + 1' }},
             false) as adverse_signal
from reference
left join current_runs
    on current_runs.metric_id = reference.metric_id
    and current_runs.entity_type = reference.entity_type
    and current_runs.entity_id = reference.entity_id
left join {{ ref('anhoej_limits') }} as limits on limits.useful_points = current_runs.useful_points
