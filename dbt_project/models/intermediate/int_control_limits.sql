-- Control limits for a run chart whose baseline is long and stable enough: one row per metric x reporting entity
-- x month of such a chart (int_run_chart_points), with the limits for that month's denominator.
--   Stable: at least var control_chart_min_baseline_points charted baseline months (not suppressed), the centre
--     line off the measure's floor and ceiling, and no non-random variation within the baseline by the Anhoej
--     rules (longest run, crossings: the same limits as metric_run_chart, over the baseline points alone).
--   Chart by scoring: a proportion takes a p-chart (sigma_i = sqrt(p(1 - p) / n_i)); a rate per 1,000 and an
--     observed/expected ratio take a u-chart (sigma_i = sqrt(u / n_i), n_i the denominator units or the expected
--     count). Centre p or u = the baseline's pooled numerator / denominator; limits are frozen from the baseline
--     and extended over the follow-up.
--   Over-dispersion: Pearson's dispersion statistic, the sum of the baseline points' squared z-scores
--     z_i = (y_i - centre) / sigma_i, against the 95th percentile of chi-square with (k - 1) degrees of freedom.
--     Over-dispersed (large denominators make the binomial/Poisson limits too tight: every month looks special)
--     switches to Laney's p' or u': sigma_i times sigma_z, sigma_z = the mean moving range of the z_i / 1.128.
with points as (
    select * from {{ ref('int_run_chart_points') }}
),

baseline as (
    select * from points
    where is_baseline and not suppressed and denominator > 0 and numerator is not null
),

baseline_runs as (
    select metric_id, entity_type, entity_id, max(run_length) as longest_run, count(*) - 1 as crossings,
           sum(run_length) as useful_points
    from ({{ run_lengths('(' ~ run_islands('points', 'is_baseline and rules_apply') ~ ') as sided') }}) as runs
    group by metric_id, entity_type, entity_id
),

centres as (
    select
        metric_id, entity_type, entity_id,
        max(scoring) as scoring,
        count(*) as baseline_points,
        1.0 * sum(numerator) / sum(denominator) as centre
    from baseline
    group by metric_id, entity_type, entity_id
),

scored as (
    select
        baseline.metric_id, baseline.entity_type, baseline.entity_id, baseline.period_start,
        (1.0 * baseline.numerator / baseline.denominator - centres.centre)
            / sqrt(case when centres.scoring = 'proportion' then centres.centre * (1 - centres.centre)
                        else centres.centre end / baseline.denominator) as z
    from baseline
    inner join centres
        on centres.metric_id = baseline.metric_id
        and centres.entity_type = baseline.entity_type
        and centres.entity_id = baseline.entity_id
    where centres.centre > 0 and not (centres.scoring = 'proportion' and centres.centre >= 1)
),

dispersion as (
    select
        metric_id, entity_type, entity_id,
        sum(z * z) as dispersion_chi_square,
        avg(moving_range) / 1.128 as sigma_z
    from (
        select scored.*,
               abs(z - lag(z) over (partition by metric_id, entity_type, entity_id order by period_start))
                   as moving_range
        from scored
    ) as ranged
    group by metric_id, entity_type, entity_id
),

charts as (
    select
        centres.*,
        dispersion.sigma_z,
        dispersion.dispersion_chi_square,
        dispersion.dispersion_chi_square > {{ chi_square_95('(centres.baseline_points - 1)') }} as over_dispersed
    from centres
    inner join dispersion
        on dispersion.metric_id = centres.metric_id
        and dispersion.entity_type = centres.entity_type
        and dispersion.entity_id = centres.entity_id
    inner join baseline_runs
        on baseline_runs.metric_id = centres.metric_id
        and baseline_runs.entity_type = centres.entity_type
        and baseline_runs.entity_id = centres.entity_id
    inner join {{ ref('anhoej_limits') }} as limits on limits.useful_points = baseline_runs.useful_points
    where centres.baseline_points >= {{ var('control_chart_min_baseline_points') }}
        and baseline_runs.longest_run <= limits.longest_run_max
        and baseline_runs.crossings >= limits.crossings_min
),

limited as (
    select
        points.metric_id, points.entity_type, points.entity_id, points.period_start,
        case when charts.scoring = 'proportion' then 'p' else 'u' end
            || case when charts.over_dispersed then '_prime' else '' end as control_chart,
        charts.sigma_z,
        charts.over_dispersed,
        points.rate_scale * charts.centre as control_centre,
        points.rate_scale * 3
            * sqrt(case when charts.scoring = 'proportion' then charts.centre * (1 - charts.centre)
                        else charts.centre end / points.denominator)
            * case when charts.over_dispersed then charts.sigma_z else 1 end as three_sigma,
        points.rate_scale as rate_scale,
        charts.scoring
    from points
    inner join charts
        on charts.metric_id = points.metric_id
        and charts.entity_type = points.entity_type
        and charts.entity_id = points.entity_id
    where not points.suppressed and points.denominator > 0
)

select
    metric_id, entity_type, entity_id, period_start, control_chart, sigma_z, over_dispersed, control_centre,
    greatest(control_centre - three_sigma, 0) as control_lower,
    case when scoring = 'proportion' then least(control_centre + three_sigma, rate_scale)
         else control_centre + three_sigma end as control_upper
from limited
