-- One row per need: its linked activities and when its education happened (first to last session).
with needs as (
    select * from {{ ref('stg_needs') }}
),

activity_needs as (
    select * from {{ ref('int_activity_needs') }}
),

sessions as (
    select activity_id, session_date, count(*) as attendances
    from {{ ref('stg_attendance') }}
    group by activity_id, session_date
),

per_need as (
    select
        activity_needs.need_id,
        count(distinct activity_needs.activity_id) as linked_activities,
        count(distinct {{ dbt.concat(['sessions.activity_id', "'|'", dbt.cast('sessions.session_date', dbt.type_string())]) }}) as sessions,
        min(sessions.session_date) as education_start,
        max(sessions.session_date) as education_end
    from activity_needs
    left join sessions on sessions.activity_id = activity_needs.activity_id
    group by activity_needs.need_id
)

select
    needs.need_id,
    needs.metric_id,
    needs.target_service_line,
    needs.target_professions,
    needs.identified_on,
    coalesce(per_need.linked_activities, 0) as linked_activities,
    coalesce(per_need.sessions, 0) as sessions,
    per_need.education_start,
    per_need.education_end
from needs
left join per_need on per_need.need_id = needs.need_id
