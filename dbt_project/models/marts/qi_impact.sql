-- Did the metric a need points at move because of the education? One row per need that links a metric and
-- exposure - activity attendance, and, reported apart and never merged with it, point-of-care learning (an
-- applied look-up on the need's topic): its design's effect with a 95% interval, the design's checks, a
-- Benjamini-Hochberg q-value over the run's family of estimates, and the claim.
--   improved = the follow-up window is complete and the data suffice, the cells are not small, the interval
--   lies on the metric's better side of zero, q <= `fdr_level`, and every design check passed.
-- The family: every sufficient, unsuppressed estimate in this table, whatever its design or exposure.
-- Rates and effects are in the metric's unit (`rate_unit`), rounded to `published_significant_digits`
-- significant digits after the claim is decided on the unrounded values.
{%- set stats = ['exposed_baseline_rate', 'exposed_followup_rate', 'comparison_baseline_rate',
                 'comparison_followup_rate', 'baseline_gap', 'effect', 'effect_standard_error', 'effect_ci_low',
                 'effect_ci_high',
                 'ancova_effect', 'ancova_ci_low', 'ancova_ci_high', 'pretrend_slope_difference',
                 'pretrend_ci_low', 'pretrend_ci_high', 'trend_adjusted_effect', 'trend_adjusted_ci_low',
                 'trend_adjusted_ci_high', 'its_trend_change', 'placebo_effect'] %}
with estimates as (
    select * from {{ ref('int_qi_estimates') }}
),

checks as (
    select * from {{ ref('int_qi_design_checks') }}
),

its as (
    select need_id, exposure, trend_change from {{ ref('int_qi_series_its') }}
),

scaled as (
    select
        estimates.*,
        checks.pretrend_months,
        checks.parallel_trends,
        checks.trend_adjusted,
        checks.baseline_adjusted,
        checks.placebo,
        checks.pre_exposure_dip_check,
        checks.design_check,
        checks.design_warning,
        rate_scale * exposed_baseline_rate as scaled_exposed_baseline_rate,
        rate_scale * exposed_followup_rate as scaled_exposed_followup_rate,
        rate_scale * comparison_baseline_rate as scaled_comparison_baseline_rate,
        rate_scale * comparison_followup_rate as scaled_comparison_followup_rate,
        rate_scale * (exposed_baseline_rate - comparison_baseline_rate) as scaled_baseline_gap,
        rate_scale * effect as scaled_effect,
        rate_scale * standard_error as scaled_effect_standard_error,
        {{ t_interval('rate_scale * effect', 'rate_scale * standard_error', 'degrees_of_freedom', 'scaled_effect') }},
        rate_scale * ancova_effect as scaled_ancova_effect,
        {{ t_interval('rate_scale * ancova_effect', 'rate_scale * ancova_standard_error', 'ancova_degrees_of_freedom',
                      'scaled_ancova') }},
        rate_scale * checks.slope_difference as scaled_pretrend_slope_difference,
        {{ t_interval('rate_scale * checks.slope_difference', 'rate_scale * checks.slope_difference_standard_error',
                      'checks.slope_difference_degrees_of_freedom', 'scaled_pretrend') }},
        rate_scale * checks.trend_adjusted_effect as scaled_trend_adjusted_effect,
        {{ t_interval('rate_scale * checks.trend_adjusted_effect', 'rate_scale * checks.trend_adjusted_standard_error',
                      'checks.trend_adjusted_degrees_of_freedom', 'scaled_trend_adjusted') }},
        rate_scale * its.trend_change as scaled_its_trend_change,
        rate_scale * checks.placebo_effect as scaled_placebo_effect,
        {{ interval_shows_improvement('effect', 'standard_error', 'degrees_of_freedom', 'improvement_notation') }}
            as interval_shows_improvement
    from estimates
    inner join checks on checks.need_id = estimates.need_id and checks.exposure = estimates.exposure
    left join its on its.need_id = estimates.need_id and its.exposure = estimates.exposure
),

-- Benjamini-Hochberg: q = min over ranks j >= i of p(j) * m / j, capped at 1.
family as (
    select
        need_id,
        exposure,
        p_value,
        row_number() over (order by p_value, need_id, exposure) as p_rank,
        count(*) over () as family_size
    from scaled
    where sufficient_data and not suppressed and p_value is not null
),

q_values as (
    select
        need_id,
        exposure,
        least(1.0, min(p_value * family_size / p_rank) over (
            order by p_rank desc rows between unbounded preceding and current row
        )) as q_value
    from family
),

claimed as (
    select
        scaled.*,
        q_values.q_value,
        coalesce(
            scaled.sufficient_data
            and not scaled.suppressed
            and scaled.interval_shows_improvement
            and q_values.q_value <= {{ var('fdr_level') }}
            and scaled.design_check = 'passed',
            false
        ) as improved
    from scaled
    left join q_values on q_values.need_id = scaled.need_id and q_values.exposure = scaled.exposure
)

select
    need_id,
    exposure,
    metric_id,
    metric_name,
    unit_of_analysis,
    measure_type,
    improvement_notation,
    rate_unit,
    method,
    case method
        when 'clinician_did' then {{ dbt.concat([
            "case when exposure = 'point_of_care' then 'stacked by each clinician''s first applied look-up month; ' else '' end",
            "'clinician-clustered delta method, Welch t 95% interval; ANCOVA with HC1 robust errors'"]) }}
        when 'unit_did' then {{ dbt.concat(["'least squares on the monthly exposed-minus-comparison gap, Newey-West lag '",
                                            dbt.cast('newey_west_lag', dbt.type_string()),
                                            "' (never narrower than OLS), t 95% interval'"]) }}
        else {{ dbt.concat(["'segmented least squares on the monthly rate'",
                            "case when its_seasonal then ' with seasonal terms' else '' end",
                            "', Newey-West lag '", dbt.cast('newey_west_lag', dbt.type_string()),
                            "' (never narrower than OLS), t 95% interval'"]) }}
    end as interval_method,
    target_service_line,
    education_start,
    education_end,
    case when method = 'interrupted_time_series'
         then {{ add_months('first_session_month', '-its_pre_months') }} else baseline_start end as baseline_start,
    baseline_end,
    followup_start,
    case when method = 'interrupted_time_series' then its_followup_end else followup_end end as followup_end,
    followup_complete,
    case when suppressed then null else exposed_n end as exposed_n,
    case when suppressed then null else comparison_n end as comparison_n,
    {%- for column in stats %}
    case when suppressed then null else {{ round_significant('scaled_' ~ column) }} end as {{ column }},
    {%- endfor %}
    case when suppressed then null else {{ round_significant('baseline_standardized_difference') }} end
        as baseline_standardized_difference,
    case when suppressed then null else {{ round_significant('p_value') }} end as p_value,
    case when suppressed then null else {{ round_significant('q_value') }} end as q_value,
    {{ as_count('pretrend_months') }} as pretrend_months,
    parallel_trends,
    trend_adjusted,
    baseline_adjusted,
    placebo,
    pre_exposure_dip_check as pre_exposure_dip,
    design_check,
    design_warning,
    improved,
    case
        when education_start is null then 'not yet addressed'
        when not followup_complete then 'measuring'
        when suppressed or not sufficient_data then 'insufficient data'
        when improved then 'improved'
        when interval_shows_improvement then 'inconclusive'
        else 'not improved'
    end as claim,
    case
        when education_start is null or not followup_complete or not sufficient_data then reason_insufficient
        when suppressed then 'a window denominator or clinician group is 1-{{ var("min_denominator") - 1 }}: not published'
        when improved then 'the 95% interval excludes zero on the better side, the q-value is within the {{ var("fdr_level") }} false discovery level and every design check passed'
        when interval_shows_improvement and design_check <> 'passed' then design_warning
        when interval_shows_improvement then {{ dbt.concat(["'the q-value, '", say_number('q_value'),
            "', is above the false discovery level " ~ var('fdr_level') ~ ": too likely a chance finding among the program''s estimates'"]) }}
        else 'the 95% interval includes zero or lies on the worse side'
    end as claim_reason,
    sufficient_data,
    reason_insufficient,
    suppressed
from claimed
