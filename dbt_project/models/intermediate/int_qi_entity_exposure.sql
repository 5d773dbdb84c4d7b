-- Who is compared for each need, at the metric's grain. Clinician-level data: restricted.
--   clinician metrics: the need's target audience; exposed = attended a linked activity.
--   unit metrics: the target service line's units; exposed = at least `unit_exposure_share`
--     of the unit's roster clinicians attended a linked activity.
--   service-line metrics: the target service line itself (a pre/post series, no comparison).
with windows as (
    select * from {{ ref('int_qi_need_windows') }}
),

audience as (
    select * from {{ ref('int_need_target_audience') }}
),

learners as (
    select * from {{ ref('int_need_learners') }}
),

roster as (
    select * from {{ ref('stg_roster') }}
),

clinicians as (
    select
        windows.need_id,
        'clinician' as entity_type,
        audience.clinician_npi as entity_id,
        learners.clinician_npi is not null as is_exposed,
        cast(null as {{ dbt.type_int() }}) as roster_clinicians,
        cast(null as {{ dbt.type_int() }}) as attending_clinicians
    from windows
    inner join audience on audience.need_id = windows.need_id
    left join learners
        on learners.need_id = audience.need_id
        and learners.clinician_npi = audience.clinician_npi
    where windows.unit_of_analysis = 'clinician'
),

unit_attendance as (
    select
        windows.need_id,
        roster.unit,
        count(*) as roster_clinicians,
        sum(case when learners.clinician_npi is not null then 1 else 0 end) as attending_clinicians
    from windows
    inner join roster
        on roster.service_line = windows.target_service_line
        and roster.unit is not null
        and (roster.active_from is null or roster.active_from <= windows.education_end)
        and (roster.active_to is null or roster.active_to >= windows.education_start)
    left join learners
        on learners.need_id = windows.need_id
        and learners.clinician_npi = roster.npi
    where windows.unit_of_analysis = 'unit'
    group by windows.need_id, roster.unit
),

units as (
    select
        need_id,
        'unit' as entity_type,
        unit as entity_id,
        1.0 * attending_clinicians / roster_clinicians >= {{ var('unit_exposure_share') }} as is_exposed,
        roster_clinicians,
        attending_clinicians
    from unit_attendance
),

service_lines as (
    select
        need_id,
        'service_line' as entity_type,
        target_service_line as entity_id,
        true as is_exposed,
        cast(null as {{ dbt.type_int() }}) as roster_clinicians,
        cast(null as {{ dbt.type_int() }}) as attending_clinicians
    from windows
    where unit_of_analysis = 'service_line'
)

select * from clinicians
union all
select * from units
union all
select * from service_lines
