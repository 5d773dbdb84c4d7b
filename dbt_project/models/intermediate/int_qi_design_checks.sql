-- Each design's assumption, checked, per need and exposure; a claim needs every applicable check to pass.
--   parallel_trends (clinician and unit DiD): the exposed and comparison groups' pre-period trends do not
--     differ - the slope difference's interval at `design_check_level` includes zero - over at least
--     `pretrend_min_months` months before the education.
--   trend_adjusted (clinician and unit DiD): carrying the pre-period's difference in trends forward does
--     not change the verdict: the trend-adjusted effect agrees with the DiD in sign and significance, or at
--     least keeps its sign and half its size (then only the wider interval cost it its significance).
--   baseline_adjusted (clinician DiD): the ANCOVA estimate agrees with the DiD in sign and significance -
--     regression to the mean moves the DiD, not the ANCOVA - and the groups overlap at baseline: their
--     clinicians' baseline rates are at most `max_baseline_standardized_difference` standard deviations
--     apart (further apart, the ANCOVA only extrapolates a line across the gap).
--   placebo (interrupted time series): the model fitted to the pre-period alone finds no break at a
--     pretend education in its middle month.
--   pre_exposure_dip (point-of-care exposure): a look-up triggered by a run of difficult cases is followed
--     by a recovery that reads as an effect. Fails when, in the last `pre_exposure_dip_months` before their
--     look-ups, the exposed were worse than their usual level beyond the comparison clinicians (interval at
--     `design_check_level` on the worse side) and the effect no longer shows improvement once that dip is
--     taken out: the dip's months are pre_exposure_dip_months of the baseline's baseline_months, so it
--     moved the baseline, and the effect, by dip x that share.
-- design_check: passed / failed / not computed; design_warning: the first failing check, in words.
with estimates as (
    select * from {{ ref('int_qi_estimates') }}
),

trends as (
    select * from {{ ref('int_qi_parallel_trends') }}
),

its as (
    select need_id, exposure, placebo_effect, placebo_standard_error, placebo_degrees_of_freedom
    from {{ ref('int_qi_series_its') }}
),

checked as (
    select
        estimates.need_id,
        estimates.exposure,
        estimates.rate_scale as warning_scale,
        estimates.education_start is not null as has_education,
        trends.pretrend_months,
        trends.slope_difference,
        trends.slope_difference_standard_error,
        trends.slope_difference_degrees_of_freedom,
        trends.trend_adjusted_effect,
        trends.trend_adjusted_standard_error,
        trends.trend_adjusted_degrees_of_freedom,
        trends.pre_exposure_dip,
        estimates.ancova_effect as checked_ancova_effect,
        its.placebo_effect,
        case
            when estimates.method = 'interrupted_time_series' then null
            when coalesce(trends.pretrend_months, 0) < {{ var('pretrend_min_months') }}
                or trends.slope_difference_standard_error is null then 'not computed'
            when {{ check_rejects('trends.slope_difference', 'trends.slope_difference_standard_error',
                                  'trends.slope_difference_degrees_of_freedom') }} then 'failed'
            else 'passed'
        end as parallel_trends,
        case
            when estimates.method = 'interrupted_time_series' then null
            when trends.trend_adjusted_standard_error is null then 'not computed'
            when {{ estimates_agree('trends.trend_adjusted_effect', 'trends.trend_adjusted_standard_error',
                                    'trends.trend_adjusted_degrees_of_freedom',
                                    'estimates.effect', 'estimates.standard_error', 'estimates.degrees_of_freedom') }}
                then 'passed'
            -- Significance lost to the wider interval alone: the carried-forward trend explains less than half.
            when sign(trends.trend_adjusted_effect) = sign(estimates.effect)
                and abs(trends.trend_adjusted_effect) >= 0.5 * abs(estimates.effect) then 'passed'
            else 'failed'
        end as trend_adjusted,
        estimates.baseline_standardized_difference,
        case
            when estimates.method <> 'clinician_did' then null
            when estimates.ancova_standard_error is null or estimates.baseline_standardized_difference is null
                then 'not computed'
            when abs(estimates.baseline_standardized_difference) > {{ var('max_baseline_standardized_difference') }}
                then 'failed'
            when {{ estimates_agree('estimates.ancova_effect', 'estimates.ancova_standard_error',
                                    'estimates.ancova_degrees_of_freedom',
                                    'estimates.effect', 'estimates.standard_error', 'estimates.degrees_of_freedom') }}
                then 'passed'
            else 'failed'
        end as baseline_adjusted,
        estimates.effect + trends.pre_exposure_dip * {{ var('pre_exposure_dip_months') / var('baseline_months') }}
            as dip_adjusted_effect,
        case
            when estimates.exposure <> 'point_of_care' then null
            when trends.pre_exposure_dip_standard_error is null then 'not computed'
            when {{ check_rejects('trends.pre_exposure_dip', 'trends.pre_exposure_dip_standard_error',
                                  'trends.pre_exposure_dip_degrees_of_freedom') }}
                and trends.pre_exposure_dip * case estimates.improvement_notation when 'increase' then 1 else -1 end < 0
                and not {{ interval_shows_improvement(
                    'estimates.effect + trends.pre_exposure_dip * ' ~ (var('pre_exposure_dip_months') / var('baseline_months')),
                    'estimates.standard_error', 'estimates.degrees_of_freedom', 'estimates.improvement_notation') }}
                then 'failed'
            else 'passed'
        end as pre_exposure_dip_check,
        case
            when estimates.method <> 'interrupted_time_series' then null
            when its.placebo_standard_error is null then 'not computed'
            when {{ check_rejects('its.placebo_effect', 'its.placebo_standard_error', 'its.placebo_degrees_of_freedom') }}
                then 'failed'
            else 'passed'
        end as placebo
    from estimates
    left join trends on trends.need_id = estimates.need_id and trends.exposure = estimates.exposure
    left join its on its.need_id = estimates.need_id and its.exposure = estimates.exposure
)

select
    checked.*,
    case
        when not checked.has_education then 'not computed'
        when 'failed' in (coalesce(parallel_trends, ''), coalesce(trend_adjusted, ''), coalesce(baseline_adjusted, ''),
                          coalesce(placebo, ''), coalesce(pre_exposure_dip_check, '')) then 'failed'
        when 'not computed' in (coalesce(parallel_trends, ''), coalesce(trend_adjusted, ''),
                                coalesce(baseline_adjusted, ''), coalesce(placebo, ''),
                                coalesce(pre_exposure_dip_check, '')) then 'not computed'
        else 'passed'
    end as design_check,
    case
        when not checked.has_education then null
        when pre_exposure_dip_check = 'failed' then {{ dbt.concat([
            "'in the " ~ var('pre_exposure_dip_months') ~ " months before their look-ups the exposed clinicians were '",
            say_number('warning_scale * abs(pre_exposure_dip)'), "case when pre_exposure_dip < 0 then ' lower' else ' higher' end",
            "' than their usual level, beyond the comparison group; without that dip the effect is '",
            say_number('warning_scale * dip_adjusted_effect'),
            "': a look-up triggered by difficult cases is followed by a recovery that reads as an effect'"]) }}
        when pre_exposure_dip_check = 'not computed' then 'the months before the look-ups could not be checked for a dip'
        when parallel_trends = 'failed' then {{ dbt.concat([
            "'parallel trends fail: before the education the exposed group''s trend differed from the comparison "
            ~ "group''s by '", say_number('warning_scale * slope_difference'), "' a month over '",
            dbt.cast('pretrend_months', dbt.type_string()), "' months'"]) }}
        when parallel_trends = 'not computed' then {{ dbt.concat([
            "'parallel trends not checked: '", dbt.cast('coalesce(pretrend_months, 0)', dbt.type_string()),
            "' months before the education, at least " ~ var('pretrend_min_months') ~ " needed'"]) }}
        when baseline_adjusted = 'failed'
            and abs(baseline_standardized_difference) > {{ var('max_baseline_standardized_difference') }}
            then {{ dbt.concat([
            "'the exposed and comparison clinicians were '", say_number('abs(baseline_standardized_difference)'),
            "' standard deviations apart at baseline (more than " ~ var('max_baseline_standardized_difference')
            ~ "): the education went to clinicians chosen by performance, and regression to the mean cannot be told from effect'"]) }}
        when baseline_adjusted <> 'passed' then {{ dbt.concat([
            "'the baseline-adjusted (ANCOVA) estimate, '", "coalesce(" ~ say_number('warning_scale * checked_ancova_effect') ~ ", 'not computed')",
            "', disagrees with the difference-in-differences: regression to the mean may explain the change'"]) }}
        when trend_adjusted <> 'passed' then {{ dbt.concat([
            "'with the pre-period difference in trends carried forward the effect is '",
            "coalesce(" ~ say_number('warning_scale * trend_adjusted_effect') ~ ", 'not computed')",
            "', which disagrees with the difference-in-differences: the groups may have been drifting apart anyway'"]) }}
        when placebo <> 'passed' then {{ dbt.concat([
            "'the pre-period alone shows a break of '", "coalesce(" ~ say_number('warning_scale * placebo_effect') ~ ", 'unknown size')",
            "' at a pretend education in its middle: its trend is not stable enough to carry forward'"]) }}
    end as design_warning
from checked
