-- Who is compared in each need's point-of-care estimate (clinician metrics), stacked by look-up month.
--   exposed: target-audience clinicians whose first applied look-up on the need's topic (the exposure event,
--     int_point_of_care_exposure) came in a month whose follow-up window the metric's data already cover,
--     and who attended none of the need's activities (those are the attendance estimate's exposed: a
--     clinician exposed both ways would credit one with the other's effect). Each clinician's windows are
--     set from their own look-up month (macros/windows.sql).
--   comparison: the rest of the target audience, neither attending nor applying a look-up, once per
--     look-up month (cohort) with that cohort's windows and a weight of its share of the exposed - a stacked
--     difference-in-differences: every exposed clinician is compared with everyone else over the same
--     calendar months, and a comparison clinician still counts once in all (the weights sum to 1).
-- Every row's monthly series starts `point_of_care_pre_months` before its look-up month (the checks' pre-period).
-- Clinician-level: restricted.
with windows as (
    select * from {{ ref('int_qi_need_windows') }}
    where unit_of_analysis = 'clinician'
),

audience as (
    select * from {{ ref('int_need_target_audience') }}
),

learners as (
    select * from {{ ref('int_need_learners') }}
),

point_of_care as (
    select * from {{ ref('int_point_of_care_exposure') }}
),

exposed as (
    select point_of_care.need_id, point_of_care.clinician_npi, point_of_care.exposure_month
    from point_of_care
    inner join windows on windows.need_id = point_of_care.need_id
    where not point_of_care.attended
        and windows.latest_data_month >= {{ add_months('point_of_care.exposure_month', var('followup_months')) }}
),

-- The comparison's stacks: one per look-up month, or - past `point_of_care_max_cohorts` distinct months
-- (a long history with look-ups in most months) - one per bin of consecutive look-up months, read at the
-- bin's middle month. The rows grow with clinicians x stacks, so the bins keep a large program bounded; the
-- exposed keep their own months either way.
ranked as (
    select
        need_id,
        exposure_month,
        count(*) as clinicians,
        dense_rank() over (partition by need_id order by exposure_month) - 1 as month_rank,
        count(*) over (partition by need_id) as months
    from exposed
    group by need_id, exposure_month
),

binned as (
    select
        need_id,
        floor(month_rank / ceiling(1.0 * months / {{ var('point_of_care_max_cohorts') }})) as bin,
        min(exposure_month) as first_month,
        max(exposure_month) as last_month,
        sum(clinicians) as clinicians
    from ranked
    group by need_id, floor(month_rank / ceiling(1.0 * months / {{ var('point_of_care_max_cohorts') }}))
),

cohorts as (
    select
        need_id,
        {{ add_months('first_month', 'floor(' ~ months_between('first_month', 'last_month') ~ ' / 2)') }}
            as exposure_month,
        1.0 * clinicians / sum(clinicians) over (partition by need_id) as weight
    from binned
),

comparison as (
    select audience.need_id, audience.clinician_npi
    from audience
    inner join windows on windows.need_id = audience.need_id
    left join learners
        on learners.need_id = audience.need_id
        and learners.clinician_npi = audience.clinician_npi
    left join point_of_care
        on point_of_care.need_id = audience.need_id
        and point_of_care.clinician_npi = audience.clinician_npi
    where learners.clinician_npi is null and point_of_care.clinician_npi is null
),

stacked as (
    select exposed.need_id, exposed.clinician_npi, true as is_exposed, exposed.exposure_month, 1.0 as weight
    from exposed
    union all
    select comparison.need_id, comparison.clinician_npi, false, cohorts.exposure_month, cohorts.weight
    from comparison
    inner join cohorts on cohorts.need_id = comparison.need_id
)

select
    need_id,
    'point_of_care' as exposure,
    'clinician' as entity_type,
    clinician_npi as entity_id,
    is_exposed,
    exposure_month as exposure_start_month,
    exposure_month as exposure_end_month,
    weight,
    {{ did_window_columns('exposure_month', 'exposure_month') }},
    {{ add_months('exposure_month', -var('point_of_care_pre_months')) }} as series_start,
    {{ month_end(add_months('exposure_month', var('followup_months'))) }} as series_end,
    cast(null as {{ dbt.type_int() }}) as roster_clinicians,
    cast(null as {{ dbt.type_int() }}) as attending_clinicians
from stacked
