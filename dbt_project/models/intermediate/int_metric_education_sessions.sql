-- Education sessions per metric, service line and month: sessions of activities linked to needs that
-- point at the metric and target the service line. What a run chart annotates.
with needs as (
    select need_id, metric_id, target_service_line
    from {{ ref('stg_needs') }}
    where metric_id is not null
),

activity_needs as (
    select * from {{ ref('int_activity_needs') }}
),

sessions as (
    select distinct activity_id, session_date
    from {{ ref('stg_attendance') }}
)

select
    needs.metric_id,
    needs.target_service_line as service_line,
    {{ month_of('sessions.session_date') }} as period_start,
    count(distinct {{ dbt.concat(['sessions.activity_id', "'|'", dbt.cast('sessions.session_date', dbt.type_string())]) }})
        as education_sessions,
    min(sessions.session_date) as first_session_date
from needs
inner join activity_needs on activity_needs.need_id = needs.need_id
inner join sessions on sessions.activity_id = activity_needs.activity_id
group by needs.metric_id, needs.target_service_line, {{ month_of('sessions.session_date') }}
