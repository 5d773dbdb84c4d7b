-- The assumption of difference-in-differences: before the education, the exposed and comparison groups
-- were on parallel paths. Checked on the monthly gap between the groups' mean deviations (each member's
-- rate less its own pre-period rate, weighted by denominator: members joining or leaving do not move it),
-- over every month before the education:
--   slope difference: the gap's least-squares slope per month (the exposed group's pre-period trend minus
--     the comparison group's), with a Newey-West interval - for clinician DiD, estimated from the clinicians'
--     own months with a clinician-clustered interval instead (below);
--   trend-adjusted effect: the gap's level change from the pre-period to the follow-up window once the
--     pre-period's difference in trends is carried forward (the same fit over pre-period and follow-up
--     months, with a follow-up indicator). If the groups were drifting apart anyway, this is what is left
--     for the education;
--   pre-exposure dip (point of care only): below.
with design as (
    select need_id, exposure from {{ ref('int_qi_need_design') }}
    where method in ('clinician_did', 'unit_did')
),

monthly as (
    select monthly.*
    from {{ ref('int_qi_group_monthly') }} as monthly
    inner join design on design.need_id = monthly.need_id and design.exposure = monthly.exposure
    where monthly.phase = 'pre'
       or monthly.months_after_education between 1 and {{ var('followup_months') }}
),

gaps as (
    select
        exposed.need_id,
        exposed.exposure,
        exposed.relative_month,
        case when exposed.phase = 'post' then 1.0 else 0.0 end as followup,
        exposed.mean_deviation - comparison.mean_deviation as gap
    from monthly as exposed
    inner join monthly as comparison
        on comparison.need_id = exposed.need_id
        and comparison.exposure = exposed.exposure
        and comparison.relative_month = exposed.relative_month
        and not comparison.is_exposed
    where exposed.is_exposed
        and exposed.mean_deviation is not null
        and comparison.mean_deviation is not null
),

pre_gaps as (
    select * from gaps where followup = 0
),

gap_slope as (
    {{ ols_coefficient('pre_gaps', ['need_id', 'exposure'], 'gap', 'relative_month', ['1.0'], time_index='relative_month',
                       lag=var('newey_west_lag')) }}
),

-- Clinician DiD: the same slope difference from the clinicians' own monthly deviations, weighted by their
-- denominators, with the clinician as the cluster - each clinician's months may drift together however they
-- like (a clinician's habits persist), which a monthly series of a few dozen points cannot tell apart.
clinician_pre_months as (
    select
        entity_months.need_id,
        entity_months.exposure,
        entity_months.entity_id,
        entity_months.relative_month,
        entity_months.weight * entity_months.denominator as denominator,
        entity_months.deviation,
        case when entity_months.is_exposed then 1.0 else 0.0 end as exposed,
        case when entity_months.is_exposed then entity_months.relative_month else 0.0 end as exposed_month
    from {{ ref('int_qi_entity_months') }} as entity_months
    inner join design on design.need_id = entity_months.need_id and design.exposure = entity_months.exposure
    where entity_months.entity_type = 'clinician'
        and entity_months.phase = 'pre'
        and entity_months.deviation is not null
),

clinician_slope as (
    {{ ols_coefficient('clinician_pre_months', ['need_id', 'exposure'], 'deviation', 'exposed_month',
                       ['1.0', 'relative_month', 'exposed'], weight='denominator', cluster='entity_id') }}
),

slope_difference as (
    select
        gap_slope.need_id,
        gap_slope.exposure,
        gap_slope.observations,
        coalesce(clinician_slope.coefficient, gap_slope.coefficient) as coefficient,
        case when clinician_slope.need_id is not null then clinician_slope.standard_error_robust
             else greatest(gap_slope.standard_error_robust, gap_slope.standard_error_ols, gap_slope.standard_error_ar1)
        end as standard_error,
        case when clinician_slope.need_id is not null then clinician_slope.clusters - 1
             else gap_slope.degrees_of_freedom
        end as degrees_of_freedom
    from gap_slope
    left join clinician_slope
        on clinician_slope.need_id = gap_slope.need_id and clinician_slope.exposure = gap_slope.exposure
),

-- Point of care: a look-up is often triggered by a difficult case, so the exposed may have been off their
-- usual level just before it (a dip that would recover on its own and read as an effect). The dip: how much
-- further the exposed clinicians' deviations moved than the comparison's in the last `pre_exposure_dip_months`
-- pre-period months, from the clinicians' own months with a clinician-clustered interval.
dip_months as (
    select
        clinician_pre_months.*,
        case when relative_month >= -{{ var('pre_exposure_dip_months') }} then 1.0 else 0.0 end as late,
        case when relative_month >= -{{ var('pre_exposure_dip_months') }} then exposed else 0.0 end as exposed_late
    from clinician_pre_months
    where exposure = 'point_of_care'
),

dip as (
    {{ ols_coefficient('dip_months', ['need_id', 'exposure'], 'deviation', 'exposed_late', ['1.0', 'exposed', 'late'],
                       weight='denominator', cluster='entity_id') }}
),

trend_adjusted as (
    {{ ols_coefficient('gaps', ['need_id', 'exposure'], 'gap', 'followup', ['1.0', 'relative_month'], time_index='relative_month',
                       lag=var('newey_west_lag')) }}
)

select
    slope_difference.need_id,
    slope_difference.exposure,
    {{ as_count('slope_difference.observations') }} as pretrend_months,
    slope_difference.coefficient as slope_difference,
    slope_difference.standard_error as slope_difference_standard_error,
    slope_difference.degrees_of_freedom as slope_difference_degrees_of_freedom,
    trend_adjusted.coefficient as trend_adjusted_effect,
    greatest(trend_adjusted.standard_error_robust, trend_adjusted.standard_error_ols, trend_adjusted.standard_error_ar1)
        as trend_adjusted_standard_error,
    trend_adjusted.degrees_of_freedom as trend_adjusted_degrees_of_freedom,
    dip.coefficient as pre_exposure_dip,
    dip.standard_error_robust as pre_exposure_dip_standard_error,
    dip.clusters - 1 as pre_exposure_dip_degrees_of_freedom
from slope_difference
left join trend_adjusted
    on trend_adjusted.need_id = slope_difference.need_id and trend_adjusted.exposure = slope_difference.exposure
left join dip on dip.need_id = slope_difference.need_id and dip.exposure = slope_difference.exposure
