-- Did the metric a need points at move more for those educated than for those not?
-- One row per need that links a metric. Method by the metric's grain:
--   did (clinician metric): exposed vs comparison clinicians of the target audience, over the
--       clinicians with data in both windows; interval from the clinician-clustered delta method
--       (each clinician's linearised change in the two pooled rates), so the clinician, not the
--       patient, is the unit of inference.
--   did (unit metric): exposed vs comparison units; interval from the month-to-month variation of
--       the exposed-minus-comparison gap in each window.
--   pre_post (service-line metric): the service line's own series; interval from month-to-month
--       variation. It cannot separate the education from a secular trend; the method says so.
-- Rates: proportions as fractions 0-1, rate_per_1000 per 1,000, ratio as is; effect in the same units.
with windows as (
    select * from {{ ref('int_qi_need_windows') }}
),

window_values as (
    select * from {{ ref('int_qi_window_values') }}
),

entities as (
    select * from {{ ref('int_qi_entity_exposure') }}
),

group_windows as (
    select
        need_id,
        is_exposed,
        window_name,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        count(distinct period_start) as months_with_data
    from window_values
    group by need_id, is_exposed, window_name
),

data_coverage as (
    select
        need_id,
        min(months_with_data) as min_months_with_data,
        min(denominator) as min_window_denominator,
        min(numerator) as min_window_numerator,
        count(*) as group_windows_with_data
    from group_windows
    group by need_id
),

-- Clinician metrics: the balanced panel (clinicians measured in both windows).
clinician_windows as (
    select
        need_id,
        entity_id,
        is_exposed,
        sum(case when window_name = 'baseline' then numerator else 0 end) as baseline_numerator,
        sum(case when window_name = 'baseline' then denominator else 0 end) as baseline_denominator,
        sum(case when window_name = 'followup' then numerator else 0 end) as followup_numerator,
        sum(case when window_name = 'followup' then denominator else 0 end) as followup_denominator
    from window_values
    where entity_type = 'clinician'
    group by need_id, entity_id, is_exposed
),

clinician_panel as (
    select * from clinician_windows
    where baseline_denominator > 0 and followup_denominator > 0
),

clinician_groups as (
    select
        need_id,
        is_exposed,
        count(*) as clinicians,
        sum(baseline_numerator) / sum(baseline_denominator) as baseline_rate,
        sum(followup_numerator) / sum(followup_denominator) as followup_rate,
        avg(baseline_denominator) as mean_baseline_denominator,
        avg(followup_denominator) as mean_followup_denominator
    from clinician_panel
    group by need_id, is_exposed
),

clinician_change_variance as (
    select
        clinician_panel.need_id,
        clinician_panel.is_exposed,
        var_samp(
            (clinician_panel.followup_numerator - groups.followup_rate * clinician_panel.followup_denominator)
                / groups.mean_followup_denominator
            - (clinician_panel.baseline_numerator - groups.baseline_rate * clinician_panel.baseline_denominator)
                / groups.mean_baseline_denominator
        ) / count(*) as change_variance
    from clinician_panel
    inner join clinician_groups as groups
        on groups.need_id = clinician_panel.need_id
        and groups.is_exposed = clinician_panel.is_exposed
    group by clinician_panel.need_id, clinician_panel.is_exposed
),

clinician_estimates as (
    select
        groups.need_id,
        sum(case when groups.is_exposed then groups.clinicians else 0 end) as exposed_n,
        sum(case when not groups.is_exposed then groups.clinicians else 0 end) as comparison_n,
        max(case when groups.is_exposed then groups.baseline_rate end) as exposed_baseline_rate,
        max(case when groups.is_exposed then groups.followup_rate end) as exposed_followup_rate,
        max(case when not groups.is_exposed then groups.baseline_rate end) as comparison_baseline_rate,
        max(case when not groups.is_exposed then groups.followup_rate end) as comparison_followup_rate,
        max(case when groups.is_exposed then variances.change_variance end) as first_variance,
        max(case when groups.is_exposed then groups.clinicians end) as first_n,
        max(case when not groups.is_exposed then variances.change_variance end) as second_variance,
        max(case when not groups.is_exposed then groups.clinicians end) as second_n,
        'clinician-clustered delta method, Welch t 95% interval' as interval_method
    from clinician_groups as groups
    left join clinician_change_variance as variances
        on variances.need_id = groups.need_id
        and variances.is_exposed = groups.is_exposed
    group by groups.need_id
),

-- Unit and service-line metrics: monthly series per group.
monthly as (
    select
        need_id,
        is_exposed,
        window_name,
        period_start,
        sum(numerator) / sum(denominator) as rate
    from window_values
    where entity_type in ('unit', 'service_line')
    group by need_id, is_exposed, window_name, period_start
),

unit_monthly_gaps as (
    select
        exposed.need_id,
        exposed.window_name,
        exposed.rate - comparison.rate as gap
    from monthly as exposed
    inner join monthly as comparison
        on comparison.need_id = exposed.need_id
        and comparison.window_name = exposed.window_name
        and comparison.period_start = exposed.period_start
        and not comparison.is_exposed
    where exposed.is_exposed
),

-- The monthly series whose month-to-month variation gives the interval: the exposed-minus-comparison gap
-- for unit metrics, the service line's own rate for service-line metrics. Per window, the variance of
-- its mean is var_samp / months.
monthly_series as (
    select need_id, window_name, gap as series_value from unit_monthly_gaps
    union all
    select monthly.need_id, monthly.window_name, monthly.rate
    from monthly
    where monthly.need_id in (select need_id from windows where unit_of_analysis = 'service_line')
),

series_variance as (
    select
        need_id,
        max(case when window_name = 'baseline' then var_samp_value / months end) as baseline_variance,
        max(case when window_name = 'baseline' then months end) as baseline_months,
        max(case when window_name = 'followup' then var_samp_value / months end) as followup_variance,
        max(case when window_name = 'followup' then months end) as followup_months
    from (
        select need_id, window_name, var_samp(series_value) as var_samp_value, count(*) as months
        from monthly_series
        group by need_id, window_name
    ) as per_window
    group by need_id
),

unit_counts as (
    select
        need_id,
        sum(case when is_exposed then 1 else 0 end) as exposed_n,
        sum(case when not is_exposed then 1 else 0 end) as comparison_n
    from entities
    where entity_type = 'unit'
    group by need_id
),

unit_estimates as (
    select
        unit_counts.need_id,
        unit_counts.exposed_n,
        unit_counts.comparison_n,
        max(case when gw.is_exposed and gw.window_name = 'baseline' then gw.numerator / gw.denominator end)
            as exposed_baseline_rate,
        max(case when gw.is_exposed and gw.window_name = 'followup' then gw.numerator / gw.denominator end)
            as exposed_followup_rate,
        max(case when not gw.is_exposed and gw.window_name = 'baseline' then gw.numerator / gw.denominator end)
            as comparison_baseline_rate,
        max(case when not gw.is_exposed and gw.window_name = 'followup' then gw.numerator / gw.denominator end)
            as comparison_followup_rate,
        max(variances.baseline_variance) as first_variance,
        max(variances.baseline_months) as first_n,
        max(variances.followup_variance) as second_variance,
        max(variances.followup_months) as second_n,
        'month-to-month variation of the exposed-minus-comparison gap, Welch t 95% interval' as interval_method
    from unit_counts
    left join group_windows as gw on gw.need_id = unit_counts.need_id
    left join series_variance as variances on variances.need_id = unit_counts.need_id
    group by unit_counts.need_id, unit_counts.exposed_n, unit_counts.comparison_n
),

service_line_estimates as (
    select
        windows.need_id,
        cast(null as {{ dbt.type_int() }}) as exposed_n,
        cast(null as {{ dbt.type_int() }}) as comparison_n,
        max(case when gw.window_name = 'baseline' then gw.numerator / gw.denominator end) as exposed_baseline_rate,
        max(case when gw.window_name = 'followup' then gw.numerator / gw.denominator end) as exposed_followup_rate,
        cast(null as {{ dbt.type_float() }}) as comparison_baseline_rate,
        cast(null as {{ dbt.type_float() }}) as comparison_followup_rate,
        max(variances.baseline_variance) as first_variance,
        max(variances.baseline_months) as first_n,
        max(variances.followup_variance) as second_variance,
        max(variances.followup_months) as second_n,
        'month-to-month variation of the service line''s rate, Welch t 95% interval' as interval_method
    from windows
    left join group_windows as gw on gw.need_id = windows.need_id
    left join series_variance as variances on variances.need_id = windows.need_id
    where windows.unit_of_analysis = 'service_line'
    group by windows.need_id
),

estimates_by_method as (
    select * from clinician_estimates
    union all
    select * from unit_estimates
    union all
    select * from service_line_estimates
),

-- The effect's variance is the sum of two independent parts (exposed and comparison changes, or the
-- baseline and follow-up means); Welch-Satterthwaite gives its degrees of freedom.
estimates as (
    select
        estimates_by_method.*,
        first_variance + second_variance as effect_variance,
        case
            when first_n > 1 and second_n > 1 and first_variance + second_variance > 0
                then floor(
                    (first_variance + second_variance) * (first_variance + second_variance)
                    / (
                        first_variance * first_variance / (first_n - 1)
                        + second_variance * second_variance / (second_n - 1)
                    )
                )
        end as degrees_of_freedom
    from estimates_by_method
),

t_critical_values as (
    select * from {{ ref('t_critical_values') }}
),

assessed as (
    select
        windows.*,
        estimates.exposed_n,
        estimates.comparison_n,
        estimates.exposed_baseline_rate * windows.rate_scale as exposed_baseline_rate,
        estimates.exposed_followup_rate * windows.rate_scale as exposed_followup_rate,
        estimates.comparison_baseline_rate * windows.rate_scale as comparison_baseline_rate,
        estimates.comparison_followup_rate * windows.rate_scale as comparison_followup_rate,
        windows.rate_scale * (
            (estimates.exposed_followup_rate - estimates.exposed_baseline_rate)
            - case
                when windows.method = 'did'
                    then estimates.comparison_followup_rate - estimates.comparison_baseline_rate
                else 0
            end
        ) as raw_effect,
        windows.rate_scale * sqrt(estimates.effect_variance) as effect_standard_error,
        estimates.degrees_of_freedom,
        -- Past the seed's last row the t quantile is within 0.02 of the normal one.
        coalesce(t_critical_values.t_975, {{ var('z_95') }}) as t_critical_value,
        estimates.interval_method,
        coverage.min_months_with_data,
        coverage.min_window_denominator,
        coverage.group_windows_with_data,
        case
            when windows.education_start is null then 'no education sessions yet'
            when windows.method = 'did' and coalesce(estimates.exposed_n, 0) = 0 then 'no exposed group'
            when windows.method = 'did' and coalesce(estimates.comparison_n, 0) = 0 then 'no comparison group'
            when coalesce(coverage.group_windows_with_data, 0) < case when windows.method = 'did' then 4 else 2 end
                then 'a window has no metric data'
            when coverage.min_months_with_data < {{ var('min_window_months') }}
                then 'a window has fewer than {{ var("min_window_months") }} months of data'
            when coverage.min_window_denominator < {{ var('min_denominator') }}
                then 'a window denominator is below {{ var("min_denominator") }}'
            when windows.scoring = 'rate_per_1000' and coverage.min_window_numerator < {{ var('min_window_events') }}
                then 'a window has fewer than {{ var("min_window_events") }} events: too rare to compare'

            when estimates.degrees_of_freedom is null then 'too few clinicians or months to estimate an interval'
        end as reason_insufficient,
        coalesce(coverage.min_window_denominator between 1 and {{ var('min_denominator') }} - 1, false)
        or (
            windows.unit_of_analysis = 'clinician'
            and (
                coalesce(estimates.exposed_n between 1 and {{ var('min_denominator') }} - 1, false)
                or coalesce(estimates.comparison_n between 1 and {{ var('min_denominator') }} - 1, false)
            )
        ) as suppressed
    from windows
    left join estimates on estimates.need_id = windows.need_id
    left join data_coverage as coverage on coverage.need_id = windows.need_id
    left join t_critical_values on t_critical_values.degrees_of_freedom = estimates.degrees_of_freedom
),

claimed as (
    select
        assessed.*,
        reason_insufficient is null as sufficient_data,
        raw_effect - t_critical_value * effect_standard_error as raw_ci_low,
        raw_effect + t_critical_value * effect_standard_error as raw_ci_high
    from assessed
)

select
    need_id,
    metric_id,
    metric_name,
    unit_of_analysis,
    measure_type,
    improvement_notation,
    method,
    interval_method,
    target_service_line,
    education_start,
    education_end,
    baseline_start,
    baseline_end,
    followup_start,
    followup_end,
    case when suppressed then null else exposed_n end as exposed_n,
    case when suppressed then null else comparison_n end as comparison_n,
    case when suppressed then null else exposed_baseline_rate end as exposed_baseline_rate,
    case when suppressed then null else exposed_followup_rate end as exposed_followup_rate,
    case when suppressed then null else comparison_baseline_rate end as comparison_baseline_rate,
    case when suppressed then null else comparison_followup_rate end as comparison_followup_rate,
    case when suppressed then null else raw_effect end as effect,
    case when suppressed then null else raw_ci_low end as effect_ci_low,
    case when suppressed then null else raw_ci_high end as effect_ci_high,
    coalesce(
        not suppressed
        and sufficient_data
        and (
            (improvement_notation = 'increase' and raw_ci_low > 0)
            or (improvement_notation = 'decrease' and raw_ci_high < 0)
        ),
        false
    ) as improved,
    sufficient_data,
    reason_insufficient,
    suppressed
from claimed
