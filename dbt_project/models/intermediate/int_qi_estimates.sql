-- One row per need that links a metric and exposure (attendance; point-of-care learning): its design's
-- estimate of the exposure's effect (in the metric's
-- units: a proportion's fraction, events per 1,000, a ratio), standard error, degrees of freedom and
-- two-sided p-value, and whether the data suffice for a claim, with the reason in words when they do not.
-- The design's checks are in int_qi_design_checks; qi_impact turns both into claims.
with windows as (
    select * from {{ ref('int_qi_exposure_windows') }}
),

design as (
    select * from {{ ref('int_qi_need_design') }}
),

clinician as (
    select * from {{ ref('int_qi_clinician_did') }}
),

unit as (
    select * from {{ ref('int_qi_unit_did') }}
),

its as (
    select * from {{ ref('int_qi_series_its') }}
),

-- Months with data in each difference-in-differences window, per group.
did_coverage as (
    select need_id, exposure, min(months) as min_window_months, count(*) as group_windows
    from (
        select
            need_id,
            exposure,
            is_exposed,
            case when phase = 'pre' then 'baseline' else 'followup' end as window_name,
            count(*) as months
        from {{ ref('int_qi_group_monthly') }}
        where relative_month between -{{ var('baseline_months') }} and -1
           or months_after_education between 1 and {{ var('followup_months') }}
        group by need_id, exposure, is_exposed, case when phase = 'pre' then 'baseline' else 'followup' end
    ) as group_windows
    group by need_id, exposure
),

combined as (
    select
        windows.*,
        design.method,
        case design.method
            when 'clinician_did' then clinician.exposed_n
            when 'unit_did' then design.exposed_entities
            when 'interrupted_time_series' then
                case when windows.unit_of_analysis <> 'service_line' then design.exposed_entities end
        end as exposed_n,
        case design.method
            when 'clinician_did' then clinician.comparison_n
            when 'unit_did' then design.comparison_entities
        end as comparison_n,
        case design.method
            when 'clinician_did' then clinician.exposed_baseline_rate
            when 'unit_did' then unit.exposed_baseline_rate
            else its.baseline_rate
        end as exposed_baseline_rate,
        case design.method
            when 'clinician_did' then clinician.exposed_followup_rate
            when 'unit_did' then unit.exposed_followup_rate
            else its.followup_rate
        end as exposed_followup_rate,
        coalesce(clinician.comparison_baseline_rate, unit.comparison_baseline_rate) as comparison_baseline_rate,
        coalesce(clinician.comparison_followup_rate, unit.comparison_followup_rate) as comparison_followup_rate,
        case design.method
            when 'clinician_did' then clinician.did_effect
            when 'unit_did' then unit.did_effect
            else its.its_effect
        end as effect,
        case design.method
            when 'clinician_did' then clinician.did_standard_error
            when 'unit_did' then unit.did_standard_error
            else its.its_standard_error
        end as standard_error,
        case design.method
            when 'clinician_did' then clinician.did_degrees_of_freedom
            when 'unit_did' then unit.did_degrees_of_freedom
            else its.its_degrees_of_freedom
        end as degrees_of_freedom,
        coalesce(unit.newey_west_lag, its.newey_west_lag) as newey_west_lag,
        clinician.ancova_effect,
        clinician.ancova_standard_error,
        clinician.ancova_degrees_of_freedom,
        clinician.baseline_standardized_difference,
        its.pre_months as its_pre_months,
        its.post_months as its_post_months,
        its.seasonal as its_seasonal,
        case design.method
            when 'clinician_did' then clinician.min_window_denominator
            when 'unit_did' then unit.min_window_denominator
            else its.min_window_denominator
        end as min_window_denominator,
        case design.method
            when 'clinician_did' then clinician.min_window_numerator
            when 'unit_did' then unit.min_window_numerator
            else its.min_window_numerator
        end as min_window_numerator,
        did_coverage.min_window_months as did_min_window_months,
        coalesce(did_coverage.group_windows, 0) as did_group_windows,
        case when design.method = 'interrupted_time_series' then windows.its_followup_complete
             else windows.did_followup_complete end as followup_complete
    from windows
    inner join design on design.need_id = windows.need_id and design.exposure = windows.exposure
    left join clinician
        on clinician.need_id = windows.need_id and clinician.exposure = windows.exposure
        and design.method = 'clinician_did'
    left join unit on unit.need_id = windows.need_id and unit.exposure = windows.exposure
    left join its on its.need_id = windows.need_id and its.exposure = windows.exposure
    left join did_coverage
        on did_coverage.need_id = windows.need_id and did_coverage.exposure = windows.exposure
        and design.method <> 'interrupted_time_series'
),

assessed as (
    select
        combined.*,
        {{ two_sided_p_value('effect / nullif(standard_error, 0)', 'degrees_of_freedom') }} as effect_p_value,
        {{ two_sided_p_value('ancova_effect / nullif(ancova_standard_error, 0)', 'ancova_degrees_of_freedom') }}
            as ancova_p_value,
        case
            when education_start is null then 'no education sessions yet'
            when method <> 'interrupted_time_series' and coalesce(exposed_n, 0) = 0
                then 'no exposed group measured in both windows'
            when method <> 'interrupted_time_series' and coalesce(comparison_n, 0) = 0
                then 'no comparison group measured in both windows'
            when method = 'interrupted_time_series' and coalesce(its_pre_months, 0) < {{ var('its_min_baseline_months') }}
                then {{ dbt.concat(["'fewer than " ~ var('its_min_baseline_months') ~ " months of data before the education ('",
                                    dbt.cast('coalesce(its_pre_months, 0)', dbt.type_string()), "')'"]) }}
            when not followup_complete
                then {{ dbt.concat(["'the follow-up window is not complete yet (data through '",
                                    dbt.cast('latest_data_month', dbt.type_string()), "')'"]) }}
            when method = 'interrupted_time_series' and coalesce(its_post_months, 0) < {{ var('its_min_followup_months') }}
                then 'fewer than {{ var("its_min_followup_months") }} months of data after the education'
            when method <> 'interrupted_time_series' and did_group_windows < 4 then 'a window has no metric data'
            when method <> 'interrupted_time_series' and did_min_window_months < {{ var('min_window_months') }}
                then 'a window has fewer than {{ var("min_window_months") }} months of data'
            when min_window_denominator < {{ var('min_denominator') }}
                then 'a window denominator is below {{ var("min_denominator") }}'
            when scoring = 'rate_per_1000' and min_window_numerator < {{ var('min_window_events') }}
                then 'a window has fewer than {{ var("min_window_events") }} events: too rare to compare'
            when standard_error is null or degrees_of_freedom is null or degrees_of_freedom < 1
                then 'too few clinicians or months to estimate an interval'
        end as reason_insufficient,
        {{ is_small_cell('min_window_denominator') }}
        or (
            unit_of_analysis = 'clinician'
            and ({{ is_small_cell('exposed_n') }} or {{ is_small_cell('comparison_n') }})
        ) as suppressed
    from combined
)

select
    assessed.*,
    reason_insufficient is null as sufficient_data,
    -- Clinician difference-in-differences claims rest on both estimates: the larger p-value is the claim's.
    case when method = 'clinician_did' then greatest(effect_p_value, ancova_p_value) else effect_p_value end
        as p_value
from assessed
