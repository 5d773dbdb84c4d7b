-- A run chart's points: one row per metric x reporting entity x month, with the centre line. Reporting
-- entities: clinician metrics rolled up to the service line (never per clinician), unit metrics per unit,
-- service-line metrics as they are. Centre line = the median of the baseline months (those before the first
-- education session for the metric in the entity's service line; all months when there has been none).
-- `side` is where the point lies against it (1 above, -1 below, 0 on it, suppressed or without a median):
-- what the run-chart rules in metric_run_chart read. Months whose denominator is 1-10 are suppressed.
with catalog as (
    select * from {{ ref('stg_metric_catalog') }}
),

monthly as (
    select monthly.*, catalog.metric_name, catalog.unit_of_analysis, catalog.improvement_notation,
           catalog.scoring,
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
        points.metric_id,
        points.metric_name,
        points.entity_type,
        points.entity_id,
        points.service_line,
        points.period_start,
        points.numerator,
        points.denominator,
        points.rate,
        points.rate_unit,
        points.scoring,
        points.rate_scale,
        points.improvement_notation,
        points.is_baseline,
        points.education_sessions,
        points.suppressed,
        baselines.baseline_points,
        baselines.baseline_median,
        -- A centre line at the measure's floor (0: a rare event's typical month has none) or ceiling (a
        -- proportion of 1) leaves no room on one side: every useful point falls on the other, and run rules
        -- would read that as a signal. They are not judged there (a g- or t-chart suits rare events).
        coalesce(baselines.baseline_median > 0
                 and not (points.scoring = 'proportion' and baselines.baseline_median >= 1), false) as rules_apply,
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
)

select * from charted
