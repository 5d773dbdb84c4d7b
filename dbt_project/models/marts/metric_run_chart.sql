-- The data behind the run chart a Quality Council reads: one row per metric x reporting entity x month.
-- Reporting entities: clinician metrics rolled up to the service line (never per clinician), unit metrics
-- per unit, service-line metrics as they are. Centre line = the median of the baseline months (those
-- before the first education session for the metric in the entity's service line; all months when there
-- has been none). IHI run-chart rules: a shift is 6+ consecutive points on one side of the median (points
-- on it are skipped, they neither break nor extend a run); a trend is 5+ consecutive points all rising or
-- all falling (a point equal to the one before is skipped). Months whose denominator is 1-10 are
-- suppressed: no rate, no counts, and they take no part in the signals.
with catalog as (
    select * from {{ ref('stg_metric_catalog') }}
),

monthly as (
    select monthly.*, catalog.metric_name, catalog.unit_of_analysis, catalog.improvement_notation,
           {{ rate_scale('catalog.scoring') }} as rate_scale,
           {{ rate_unit('catalog.scoring', 'catalog.denominator_definition') }} as rate_unit
    from {{ ref('int_metric_monthly_by_entity') }} as monthly
    inner join catalog on catalog.metric_id = monthly.metric_id
    where (catalog.unit_of_analysis = 'unit' and monthly.entity_type = 'unit')
       or (catalog.unit_of_analysis in ('clinician', 'service_line') and monthly.entity_type = 'service_line')
),

education as (
    select * from {{ ref('int_metric_education_sessions') }}
),

first_education as (
    select metric_id, service_line, min(period_start) as first_education_month
    from education
    group by metric_id, service_line
),

points as (
    select
        monthly.*,
        monthly.rate_scale * monthly.numerator / monthly.denominator as rate,
        {{ is_small_cell('monthly.denominator') }} as suppressed,
        first_education.first_education_month is null
            or monthly.period_start < first_education.first_education_month as is_baseline,
        coalesce(education.education_sessions, 0) as education_sessions
    from monthly
    left join first_education
        on first_education.metric_id = monthly.metric_id
        and first_education.service_line = monthly.service_line
    left join education
        on education.metric_id = monthly.metric_id
        and education.service_line = monthly.service_line
        and education.period_start = monthly.period_start
),

baselines as (
    select
        metric_id, entity_type, entity_id,
        count(*) as baseline_points,
        {{ median('rate') }} as baseline_median
    from points
    where is_baseline and not suppressed
    group by metric_id, entity_type, entity_id
),

charted as (
    select
        points.*,
        baselines.baseline_points,
        baselines.baseline_median,
        case
            when points.suppressed then 0
            when points.rate > baselines.baseline_median then 1
            when points.rate < baselines.baseline_median then -1
            else 0
        end as side
    from points
    left join baselines
        on baselines.metric_id = points.metric_id
        and baselines.entity_type = points.entity_type
        and baselines.entity_id = points.entity_id
),

-- Shift: runs of consecutive off-median points on the same side (gaps-and-islands).
sided as (
    select
        metric_id, entity_type, entity_id, period_start, side,
        row_number() over (partition by metric_id, entity_type, entity_id order by period_start)
        - row_number() over (partition by metric_id, entity_type, entity_id, side order by period_start) as island
    from charted
    where side <> 0
),

shift_islands as (
    select metric_id, entity_type, entity_id, side, island
    from sided
    group by metric_id, entity_type, entity_id, side, island
    having count(*) >= 6
),

shift_points as (
    select sided.metric_id, sided.entity_type, sided.entity_id, sided.period_start
    from sided
    inner join shift_islands
        on shift_islands.metric_id = sided.metric_id
        and shift_islands.entity_type = sided.entity_type
        and shift_islands.entity_id = sided.entity_id
        and shift_islands.side = sided.side
        and shift_islands.island = sided.island
),

-- Trend: steps between successive distinct values, grouped into runs of the same direction.
distinct_values as (
    select metric_id, entity_type, entity_id, period_start, rate
    from (
        select
            metric_id, entity_type, entity_id, period_start, rate,
            lag(rate) over (partition by metric_id, entity_type, entity_id order by period_start) as previous_rate
        from charted
        where not suppressed and rate is not null
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

step_runs as (
    select
        steps.*,
        step_number
        - row_number() over (partition by metric_id, entity_type, entity_id, direction order by period_start)
            as run
    from steps
    where step_from is not null
),

trend_runs as (
    select metric_id, entity_type, entity_id, min(step_from) as trend_start, max(period_start) as trend_end
    from step_runs
    group by metric_id, entity_type, entity_id, direction, run
    having count(*) >= 4  -- 4 steps in one direction join 5 points
)

select
    charted.metric_id,
    charted.metric_name,
    charted.entity_type,
    charted.entity_id,
    charted.service_line,
    charted.period_start,
    case when charted.suppressed then null else charted.numerator end as numerator,
    case when charted.suppressed then null else charted.denominator end as denominator,
    case when charted.suppressed then null else {{ round_significant('charted.rate') }} end as rate,
    charted.rate_unit,
    charted.improvement_notation,
    charted.is_baseline,
    {{ as_count('coalesce(charted.baseline_points, 0)') }} as baseline_points,
    {{ round_significant('charted.baseline_median') }} as baseline_median,
    shift_points.period_start is not null as shift_signal,
    exists (
        select 1 from trend_runs
        where trend_runs.metric_id = charted.metric_id
            and trend_runs.entity_type = charted.entity_type
            and trend_runs.entity_id = charted.entity_id
            and charted.period_start between trend_runs.trend_start and trend_runs.trend_end
            and not charted.suppressed
    ) as trend_signal,
    {{ as_count('charted.education_sessions') }} as education_sessions,
    charted.suppressed
from charted
left join shift_points
    on shift_points.metric_id = charted.metric_id
    and shift_points.entity_type = charted.entity_type
    and shift_points.entity_id = charted.entity_id
    and shift_points.period_start = charted.period_start
