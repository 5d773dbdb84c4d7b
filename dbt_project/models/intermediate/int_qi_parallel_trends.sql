-- The assumption of difference-in-differences: before the education, the exposed and comparison groups
-- were on parallel paths. Checked on the monthly gap between the groups' mean deviations (each member's
-- rate less its own pre-period rate, weighted by denominator: members joining or leaving do not move it),
-- over every month before the education:
--   slope difference: the gap's least-squares slope per month (the exposed group's pre-period trend minus
--     the comparison group's), with a Newey-West interval;
--   trend-adjusted effect: the gap's level change from the pre-period to the follow-up window once the
--     pre-period's difference in trends is carried forward (the same fit over pre-period and follow-up
--     months, with a follow-up indicator). If the groups were drifting apart anyway, this is what is left
--     for the education.
with design as (
    select need_id from {{ ref('int_qi_need_design') }}
    where method in ('clinician_did', 'unit_did')
),

monthly as (
    select monthly.*
    from {{ ref('int_qi_group_monthly') }} as monthly
    inner join design on design.need_id = monthly.need_id
    where monthly.phase = 'pre'
       or monthly.months_after_education between 1 and {{ var('followup_months') }}
),

gaps as (
    select
        exposed.need_id,
        exposed.relative_month,
        case when exposed.phase = 'post' then 1.0 else 0.0 end as followup,
        exposed.mean_deviation - comparison.mean_deviation as gap
    from monthly as exposed
    inner join monthly as comparison
        on comparison.need_id = exposed.need_id
        and comparison.period_start = exposed.period_start
        and not comparison.is_exposed
    where exposed.is_exposed
        and exposed.mean_deviation is not null
        and comparison.mean_deviation is not null
),

pre_gaps as (
    select * from gaps where followup = 0
),

slope_difference as (
    {{ ols_coefficient('pre_gaps', ['need_id'], 'gap', 'relative_month', ['1.0'], time_index='relative_month',
                       lag=var('newey_west_lag')) }}
),

trend_adjusted as (
    {{ ols_coefficient('gaps', ['need_id'], 'gap', 'followup', ['1.0', 'relative_month'], time_index='relative_month',
                       lag=var('newey_west_lag')) }}
)

select
    slope_difference.need_id,
    {{ as_count('slope_difference.observations') }} as pretrend_months,
    slope_difference.coefficient as slope_difference,
    greatest(slope_difference.standard_error_robust, slope_difference.standard_error_ols, slope_difference.standard_error_ar1)
        as slope_difference_standard_error,
    slope_difference.degrees_of_freedom as slope_difference_degrees_of_freedom,
    trend_adjusted.coefficient as trend_adjusted_effect,
    greatest(trend_adjusted.standard_error_robust, trend_adjusted.standard_error_ols, trend_adjusted.standard_error_ar1)
        as trend_adjusted_standard_error,
    trend_adjusted.degrees_of_freedom as trend_adjusted_degrees_of_freedom
from slope_difference
left join trend_adjusted on trend_adjusted.need_id = slope_difference.need_id
