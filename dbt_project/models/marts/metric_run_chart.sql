-- The data behind the run chart a Quality Council reads: one row per metric x reporting entity x month, with
-- its centre line (int_run_chart_points) and every run-chart rule, all of them here. Which rules flag a point
-- (`signal`) and a chart (`runs_signal`) is the var run_chart_rules:
--   anhoej (default; Anhoej & Olesen 2014, as R qicharts2 computes them): over the chart's useful points (not
--     suppressed, not on the centre line), an unusually long run - the longest run on one side is longer than
--     round(log2(n)) + 3 - or too few crossings of the centre line - fewer than the 5th percentile of
--     Binomial(n - 1, 0.5). The limits by n are the seed anhoej_limits.
--   ihi: a shift is 6+ consecutive points on one side of the median; a trend is 5+ consecutive points all
--     rising or all falling (a point equal to the one before is skipped).
-- Points on the centre line are skipped by every rule: they neither break nor extend a run. Both rule sets'
-- findings keep their own columns. Suppressed months take no part in any rule, and no rule is judged on a
-- chart whose centre line sits at the measure's floor or ceiling (rules_apply, int_run_chart_points).
{%- set rules = var('run_chart_rules') %}
{%- if rules not in ('anhoej', 'ihi') %}
    {{ exceptions.raise_compiler_error("var run_chart_rules: '" ~ rules ~ "' (expected anhoej or ihi)") }}
{%- endif %}
with charted as (
    select * from {{ ref('int_run_chart_points') }}
),

-- Runs: consecutive useful points on the same side of the centre line (gaps and islands).
sided as (
    {{ run_islands('charted', 'rules_apply') }}
),

runs as (
    {{ run_lengths('sided') }}
),

run_points as (
    select sided.metric_id, sided.entity_type, sided.entity_id, sided.period_start, runs.run_length
    from sided
    inner join runs
        on runs.metric_id = sided.metric_id
        and runs.entity_type = sided.entity_type
        and runs.entity_id = sided.entity_id
        and runs.side = sided.side
        and runs.island = sided.island
),

-- Anhoej: n useful points, the longest run and the crossings (runs - 1), against the limits for n.
anhoej as (
    select
        chart.metric_id, chart.entity_type, chart.entity_id, chart.useful_points, chart.longest_run,
        chart.crossings, limits.longest_run_max, limits.crossings_min
    from (
        select metric_id, entity_type, entity_id, sum(run_length) as useful_points,
               max(run_length) as longest_run, count(*) - 1 as crossings
        from runs
        group by metric_id, entity_type, entity_id
    ) as chart
    inner join {{ ref('anhoej_limits') }} as limits on limits.useful_points = chart.useful_points
),

-- IHI trend: steps between successive distinct values, grouped into runs of the same direction.
distinct_values as (
    select metric_id, entity_type, entity_id, period_start, rate
    from (
        select
            metric_id, entity_type, entity_id, period_start, rate,
            lag(rate) over (partition by metric_id, entity_type, entity_id order by period_start) as previous_rate
        from charted
        where not suppressed and rate is not null and rules_apply
    ) as valued
    where previous_rate is null or rate <> previous_rate
),

steps as (
    select
        metric_id, entity_type, entity_id, period_start,
        lag(period_start) over (partition by metric_id, entity_type, entity_id order by period_start) as step_from,
        case
            when rate > lag(rate) over (partition by metric_id, entity_type, entity_id order by period_start) then 1
            else -1
        end as direction,
        row_number() over (partition by metric_id, entity_type, entity_id order by period_start) as step_number
    from distinct_values
),

trend_runs as (
    select metric_id, entity_type, entity_id, min(step_from) as trend_start, max(period_start) as trend_end
    from (
        select
            steps.*,
            step_number
            - row_number() over (partition by metric_id, entity_type, entity_id, direction order by period_start)
                as run
        from steps
        where step_from is not null
    ) as step_runs
    group by metric_id, entity_type, entity_id, direction, run
    having count(*) >= 4  -- 4 steps in one direction join 5 points
),

pointed as (
    select
        charted.*,
        coalesce(run_points.run_length >= 6, false) as shift_signal,
        not charted.suppressed and exists (
            select 1 from trend_runs
            where trend_runs.metric_id = charted.metric_id
                and trend_runs.entity_type = charted.entity_type
                and trend_runs.entity_id = charted.entity_id
                and charted.period_start between trend_runs.trend_start and trend_runs.trend_end
        ) as trend_signal,
        coalesce(run_points.run_length > anhoej.longest_run_max, false) as long_run_signal,
        coalesce(anhoej.crossings < anhoej.crossings_min, false) as few_crossings_signal,
        anhoej.useful_points, anhoej.longest_run, anhoej.longest_run_max, anhoej.crossings, anhoej.crossings_min
    from charted
    left join run_points
        on run_points.metric_id = charted.metric_id
        and run_points.entity_type = charted.entity_type
        and run_points.entity_id = charted.entity_id
        and run_points.period_start = charted.period_start
    left join anhoej
        on anhoej.metric_id = charted.metric_id
        and anhoej.entity_type = charted.entity_type
        and anhoej.entity_id = charted.entity_id
),

signalled as (
    select
        pointed.*,
        {%- if rules == 'anhoej' %}
        long_run_signal as signal
        {%- else %}
        shift_signal or trend_signal as signal
        {%- endif %}
    from pointed
)

select
    signalled.metric_id,
    metric_name,
    signalled.entity_type,
    signalled.entity_id,
    service_line,
    signalled.period_start,
    case when suppressed then null else numerator end as numerator,
    case when suppressed then null else denominator end as denominator,
    case when suppressed then null else {{ round_significant('rate') }} end as rate,
    rate_unit,
    improvement_notation,
    is_baseline,
    {{ as_count('coalesce(baseline_points, 0)') }} as baseline_points,
    {{ round_significant('baseline_median') }} as baseline_median,
    '{{ rules }}' as run_chart_rules,
    rules_apply,
    signal,
    max(case when {{ 'long_run_signal or few_crossings_signal' if rules == 'anhoej' else 'signal' }} then 1 else 0 end)
        over (partition by signalled.metric_id, signalled.entity_type, signalled.entity_id) = 1 as runs_signal,
    {{ as_count('coalesce(useful_points, 0)') }} as useful_points,
    {{ as_count('longest_run') }} as longest_run,
    {{ as_count('longest_run_max') }} as longest_run_max,
    {{ as_count('crossings') }} as crossings,
    {{ as_count('crossings_min') }} as crossings_min,
    long_run_signal,
    few_crossings_signal,
    shift_signal,
    trend_signal,
    {{ as_count('education_sessions') }} as education_sessions,
    signalled.suppressed,
    limits.control_chart,
    {{ round_significant('limits.control_centre') }} as control_centre,
    {{ round_significant('limits.control_lower') }} as control_lower,
    {{ round_significant('limits.control_upper') }} as control_upper,
    coalesce(not signalled.suppressed
             and (signalled.rate > limits.control_upper or signalled.rate < limits.control_lower), false)
        as outside_limits,
    limits.over_dispersed,
    {{ round_significant('limits.sigma_z') }} as sigma_z
from signalled
left join {{ ref('int_control_limits') }} as limits
    on limits.metric_id = signalled.metric_id
    and limits.entity_type = signalled.entity_type
    and limits.entity_id = signalled.entity_id
    and limits.period_start = signalled.period_start
