-- Clinician metrics, per need and exposure: the exposed (attendees, or clinicians exposed by point-of-care
-- learning) against the rest of the target audience (comparison), over the clinicians measured in both
-- windows (the panel). A stacked comparison clinician's windows are pooled over the look-up months at their
-- weights, so each clinician is one row. Two estimates of the exposure's effect:
--   difference-in-differences: the exposed group's change in its pooled rate minus the comparison group's,
--     with a clinician-clustered delta-method variance (each clinician's linearised change in the two pooled
--     rates) and Welch-Satterthwaite degrees of freedom: the clinician, not the patient, is the unit;
--   baseline-adjusted (ANCOVA): each clinician's follow-up rate regressed on their baseline rate and
--     exposure, weighted by their follow-up denominator (a clinician with 3 patients counts less than one
--     with 60, as in the pooled rates), with White's HC1 robust standard error. When the exposed were chosen
--     for poor baseline performance, their follow-up regresses towards the mean and the DiD counts that as
--     effect; ANCOVA does not (it errs the other way when groups differ for good), so the two bracket it -
--     as long as the groups overlap at baseline: the standardised difference of their baseline rates says
--     how far apart they were (the ANCOVA extrapolates across the gap when they do not overlap).
-- Rates are fractions (rate_per_1000: events per day), as in the metric values.
with window_values as (
    select * from {{ ref('int_qi_window_values') }}
    where entity_type = 'clinician'
),

clinician_windows as (
    select
        need_id,
        exposure,
        entity_id,
        is_exposed,
        sum(case when window_name = 'baseline' then weight * numerator else 0 end) as baseline_numerator,
        sum(case when window_name = 'baseline' then weight * denominator else 0 end) as baseline_denominator,
        sum(case when window_name = 'followup' then weight * numerator else 0 end) as followup_numerator,
        sum(case when window_name = 'followup' then weight * denominator else 0 end) as followup_denominator
    from window_values
    group by need_id, exposure, entity_id, is_exposed
),

panel as (
    select
        clinician_windows.*,
        baseline_numerator / baseline_denominator as baseline_rate,
        followup_numerator / followup_denominator as followup_rate,
        case when is_exposed then 1.0 else 0.0 end as exposed
    from clinician_windows
    where baseline_denominator > 0 and followup_denominator > 0
),

groups as (
    select
        need_id,
        exposure,
        is_exposed,
        count(*) as clinicians,
        sum(baseline_numerator) / sum(baseline_denominator) as baseline_rate,
        sum(followup_numerator) / sum(followup_denominator) as followup_rate,
        avg(baseline_denominator) as mean_baseline_denominator,
        avg(followup_denominator) as mean_followup_denominator,
        sum(baseline_denominator) as baseline_denominator,
        sum(followup_denominator) as followup_denominator,
        sum(baseline_numerator) as baseline_numerator,
        sum(followup_numerator) as followup_numerator,
        avg(baseline_rate) as mean_clinician_baseline_rate,
        var_samp(baseline_rate) as variance_clinician_baseline_rate
    from panel
    group by need_id, exposure, is_exposed
),

change_variance as (
    select
        panel.need_id,
        panel.exposure,
        panel.is_exposed,
        var_samp(
            (panel.followup_numerator - groups.followup_rate * panel.followup_denominator)
                / groups.mean_followup_denominator
            - (panel.baseline_numerator - groups.baseline_rate * panel.baseline_denominator)
                / groups.mean_baseline_denominator
        ) / count(*) as change_variance
    from panel
    inner join groups
        on groups.need_id = panel.need_id and groups.exposure = panel.exposure and groups.is_exposed = panel.is_exposed
    group by panel.need_id, panel.exposure, panel.is_exposed
),

per_need as (
    select
        groups.need_id,
        groups.exposure,
        sum(case when groups.is_exposed then groups.clinicians else 0 end) as exposed_n,
        sum(case when not groups.is_exposed then groups.clinicians else 0 end) as comparison_n,
        max(case when groups.is_exposed then groups.baseline_rate end) as exposed_baseline_rate,
        max(case when groups.is_exposed then groups.followup_rate end) as exposed_followup_rate,
        max(case when not groups.is_exposed then groups.baseline_rate end) as comparison_baseline_rate,
        max(case when not groups.is_exposed then groups.followup_rate end) as comparison_followup_rate,
        max(case when groups.is_exposed then change_variance.change_variance end) as exposed_variance,
        max(case when not groups.is_exposed then change_variance.change_variance end) as comparison_variance,
        -- Standardised difference of the clinicians' baseline rates (exposed minus comparison, in pooled SDs).
        (max(case when groups.is_exposed then groups.mean_clinician_baseline_rate end)
            - max(case when not groups.is_exposed then groups.mean_clinician_baseline_rate end))
        / nullif(sqrt((max(case when groups.is_exposed then groups.variance_clinician_baseline_rate end)
                      + max(case when not groups.is_exposed then groups.variance_clinician_baseline_rate end)) / 2.0), 0)
            as baseline_standardized_difference,
        min(least(groups.baseline_denominator, groups.followup_denominator)) as min_window_denominator,
        min(least(groups.baseline_numerator, groups.followup_numerator)) as min_window_numerator
    from groups
    left join change_variance
        on change_variance.need_id = groups.need_id
        and change_variance.exposure = groups.exposure
        and change_variance.is_exposed = groups.is_exposed
    group by groups.need_id, groups.exposure
),

ancova as (
    {{ ols_coefficient('panel', ['need_id', 'exposure'], 'followup_rate', 'exposed', ['1.0', 'baseline_rate'],
                       weight='followup_denominator') }}
)

select
    per_need.need_id,
    per_need.exposure,
    {{ as_count('per_need.exposed_n') }} as exposed_n,
    {{ as_count('per_need.comparison_n') }} as comparison_n,
    per_need.exposed_baseline_rate,
    per_need.exposed_followup_rate,
    per_need.comparison_baseline_rate,
    per_need.comparison_followup_rate,
    (per_need.exposed_followup_rate - per_need.exposed_baseline_rate)
        - (per_need.comparison_followup_rate - per_need.comparison_baseline_rate) as did_effect,
    sqrt(per_need.exposed_variance + per_need.comparison_variance) as did_standard_error,
    -- Welch-Satterthwaite: the effect's variance is the sum of the two groups' independent parts.
    case
        when per_need.exposed_n > 1 and per_need.comparison_n > 1
            and per_need.exposed_variance + per_need.comparison_variance > 0
            then floor(
                (per_need.exposed_variance + per_need.comparison_variance)
                * (per_need.exposed_variance + per_need.comparison_variance)
                / (
                    per_need.exposed_variance * per_need.exposed_variance / (per_need.exposed_n - 1)
                    + per_need.comparison_variance * per_need.comparison_variance / (per_need.comparison_n - 1)
                )
            )
    end as did_degrees_of_freedom,
    ancova.coefficient as ancova_effect,
    ancova.standard_error_robust as ancova_standard_error,
    ancova.degrees_of_freedom as ancova_degrees_of_freedom,
    per_need.baseline_standardized_difference,
    per_need.min_window_denominator,
    per_need.min_window_numerator
from per_need
left join ancova on ancova.need_id = per_need.need_id and ancova.exposure = per_need.exposure
