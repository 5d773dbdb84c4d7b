-- Who is compared for each need and exposure, at the metric's grain, with each entity's windows (one row
-- per entity and exposure month; `weight` is how much the row counts). Clinician-level data: restricted.
-- Attendance (windows from the need's education, int_qi_need_windows):
--   clinician metrics: the need's target audience; exposed = attended a linked activity; comparison = the
--     rest, less the clinicians exposed by point-of-care learning during the windows (from the baseline's
--     first month to the follow-up's last): their change would carry what they learned. One who learned
--     before the baseline carries it in both windows, one after the follow-up in neither; they stay.
--   unit metrics: the target service line's units; exposed = at least `unit_exposure_share`
--     of the unit's roster clinicians attended a linked activity.
--   service-line metrics: the target service line itself (a pre/post series, no comparison).
-- Point-of-care learning (clinician metrics; windows from each clinician's first applied look-up):
--   int_qi_point_of_care_entities.
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

point_of_care as (
    select * from {{ ref('int_point_of_care_exposure') }}
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
    left join point_of_care
        on point_of_care.need_id = audience.need_id
        and point_of_care.clinician_npi = audience.clinician_npi
        and point_of_care.exposure_month between windows.baseline_start and windows.followup_end
    where windows.unit_of_analysis = 'clinician'
        and (learners.clinician_npi is not null or point_of_care.clinician_npi is null)
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
),

attendance as (
    select * from clinicians
    union all
    select * from units
    union all
    select * from service_lines
)

select
    attendance.need_id,
    'attendance' as exposure,
    attendance.entity_type,
    attendance.entity_id,
    attendance.is_exposed,
    windows.first_session_month as exposure_start_month,
    windows.last_session_month as exposure_end_month,
    1.0 as weight,
    windows.baseline_start,
    windows.baseline_end,
    windows.followup_start,
    windows.followup_end,
    cast(null as date) as series_start,
    greatest(windows.followup_end, windows.its_followup_end) as series_end,
    attendance.roster_clinicians,
    attendance.attending_clinicians
from attendance
inner join windows on windows.need_id = attendance.need_id
where windows.first_session_month is not null
union all
select * from {{ ref('int_qi_point_of_care_entities') }}
