-- Every participation PARS counts, one row per learner per session or look-up, with the PARS activity it
-- counts toward (pars_group) and its reporting year: attendance at activities, and point-of-care look-ups,
-- which ACCME credits as internet searching and learning and which roll, with the ISL activities'
-- attendance, into the one ISL activity of their year. Learners are the identity-resolved learner_key, so
-- a clinician who attended an ISL activity and logged look-ups counts once. `learning_hours` is what the
-- participation took: the activity's credit hours for attendance, the logged minutes for a look-up;
-- `applied_to_practice` what a look-up's learner reports it changed (learned, diagnosis, treatment, none).
with attendance as (
    select * from {{ ref('int_attendance_resolved') }}
),

activities as (
    select activities.activity_id, activities.credit_hours, types.learner_count_rule
    from {{ ref('stg_activities') }} as activities
    inner join {{ ref('pars_activity_types') }} as types on types.activity_type = activities.activity_type
),

point_of_care as (
    select * from {{ ref('int_point_of_care_resolved') }}
)

select
    case when activities.learner_count_rule = 'people_rolled_up' then 'ISL' else attendance.activity_id end
        as pars_group,
    {{ year_of('attendance.session_date') }} as reporting_year,
    'attendance' as participation_source,
    {{ dbt.concat(['attendance.activity_id', "'|'", dbt.cast('attendance.session_date', dbt.type_string())]) }}
        as session_key,
    attendance.session_date as participation_date,
    attendance.learner_key,
    attendance.is_physician,
    activities.credit_hours as learning_hours,
    cast(null as {{ dbt.type_string() }}) as applied_to_practice
from attendance
inner join activities on activities.activity_id = attendance.activity_id

union all

select
    'ISL' as pars_group,
    {{ year_of('point_of_care.entry_date') }} as reporting_year,
    'point_of_care' as participation_source,
    {{ dbt.concat(["'poc|'", 'point_of_care.learner_id', "'|'", dbt.cast('point_of_care.entry_date', dbt.type_string()),
                   "'|'", 'point_of_care.question']) }} as session_key,
    point_of_care.entry_date as participation_date,
    point_of_care.learner_key,
    point_of_care.is_physician,
    coalesce(point_of_care.minutes, 0) / 60.0 as learning_hours,
    point_of_care.applied_to_practice
from point_of_care
