-- One row per need x resolved clinician who attended any activity linked to the need,
-- with when they first attended and how many sessions. Clinician-level: restricted data.
with attendance as (
    select * from {{ ref('int_attendance_resolved') }}
    where clinician_npi is not null
),

activity_needs as (
    select * from {{ ref('int_activity_needs') }}
)

select
    activity_needs.need_id,
    attendance.clinician_npi,
    min(attendance.session_date) as first_attended_on,
    count(*) as sessions_attended
from attendance
inner join activity_needs on activity_needs.activity_id = attendance.activity_id
group by activity_needs.need_id, attendance.clinician_npi
