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

cohorts as (
    select
        need_id,
        exposure_month,
        1.0 * count(*) / sum(count(*)) over (partition by need_id) as weight
    from exposed
    group by need_id, exposure_month
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
    {{ month_end(add_months('exposure_month', var('followup_months'))) }} as series_end,
    cast(null as {{ dbt.type_int() }}) as roster_clinicians,
    cast(null as {{ dbt.type_int() }}) as attending_clinicians
from stacked
