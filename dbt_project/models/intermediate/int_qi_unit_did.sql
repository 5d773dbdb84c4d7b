-- Unit metrics: exposed units against the target service line's other units. The effect is the change in
-- the monthly gap (exposed minus comparison pooled rate) from the baseline window to the follow-up window:
-- the coefficient of `followup` in a least-squares fit of the gap on (1, followup), whose Newey-West
-- interval allows for month-to-month autocorrelation of the gap.
with design as (
    select need_id, exposure from {{ ref('int_qi_need_design') }}
    where method = 'unit_did'
),

monthly as (
    select monthly.*
    from {{ ref('int_qi_group_monthly') }} as monthly
    inner join design on design.need_id = monthly.need_id and design.exposure = monthly.exposure
    where monthly.relative_month between -{{ var('baseline_months') }} and -1
       or monthly.months_after_education between 1 and {{ var('followup_months') }}
),

windowed as (
    select
        monthly.*,
        case when monthly.phase = 'pre' then 'baseline' else 'followup' end as window_name
    from monthly
),

gaps as (
    select
        exposed.need_id,
        exposed.exposure,
        exposed.relative_month,
        case when exposed.window_name = 'followup' then 1.0 else 0.0 end as followup,
        exposed.numerator / exposed.denominator - comparison.numerator / comparison.denominator as gap
    from windowed as exposed
    inner join windowed as comparison
        on comparison.need_id = exposed.need_id
        and comparison.exposure = exposed.exposure
        and comparison.relative_month = exposed.relative_month
        and not comparison.is_exposed
    where exposed.is_exposed
),

fit as (
    {{ ols_coefficient('gaps', ['need_id', 'exposure'], 'gap', 'followup', ['1.0'], time_index='relative_month',
                       lag=var('newey_west_lag')) }}
),

pooled as (
    select
        need_id,
        exposure,
        max(case when is_exposed and window_name = 'baseline' then numerator / denominator end) as exposed_baseline_rate,
        max(case when is_exposed and window_name = 'followup' then numerator / denominator end) as exposed_followup_rate,
        max(case when not is_exposed and window_name = 'baseline' then numerator / denominator end)
            as comparison_baseline_rate,
        max(case when not is_exposed and window_name = 'followup' then numerator / denominator end)
            as comparison_followup_rate,
        min(denominator) as min_window_denominator,
        min(numerator) as min_window_numerator
    from (
        select need_id, exposure, is_exposed, window_name, sum(numerator) as numerator, sum(denominator) as denominator
        from windowed
        group by need_id, exposure, is_exposed, window_name
    ) as group_windows
    group by need_id, exposure
)

select
    pooled.*,
    fit.coefficient as did_effect,
    greatest(fit.standard_error_robust, fit.standard_error_ols, fit.standard_error_ar1) as did_standard_error,
    fit.degrees_of_freedom as did_degrees_of_freedom,
    fit.robust_lag as newey_west_lag,
    {{ as_count('fit.observations') }} as gap_months
from pooled
left join fit on fit.need_id = pooled.need_id and fit.exposure = pooled.exposure
