-- The monthly series every monthly-series design reads: per need, group (exposed or comparison) and
-- month, the pooled numerator and denominator of the group's entities, from the first month with data
-- to the end of the longer follow-up window. `relative_month` counts months from the first session's
-- month (negative before it); `phase` is pre (before the education), education (the months it ran in)
-- or post (after it). Pooled over a group that may be one clinician: restricted.
with windows as (
    select * from {{ ref('int_qi_need_windows') }}
    where first_session_month is not null
),

entities as (
    select * from {{ ref('int_qi_entity_exposure') }}
),

metric_values as (
    select * from {{ ref('stg_metric_values') }}
),

pooled as (
    select
        windows.need_id,
        entities.is_exposed,
        metric_values.period_start,
        sum(metric_values.numerator) as numerator,
        sum(metric_values.denominator) as denominator,
        count(*) as reporting_entities
    from windows
    inner join entities on entities.need_id = windows.need_id
    inner join metric_values
        on metric_values.metric_id = windows.metric_id
        and metric_values.entity_type = entities.entity_type
        and metric_values.entity_id = entities.entity_id
        and metric_values.period_start <= greatest(windows.followup_end, windows.its_followup_end)
    group by windows.need_id, entities.is_exposed, metric_values.period_start
)

select
    pooled.need_id,
    pooled.is_exposed,
    pooled.period_start,
    {{ months_between('windows.first_session_month', 'pooled.period_start') }} as relative_month,
    case
        when pooled.period_start < windows.first_session_month then 'pre'
        when pooled.period_start <= windows.last_session_month then 'education'
        else 'post'
    end as phase,
    {{ months_between('windows.last_session_month', 'pooled.period_start') }} as months_after_education,
    {{ month_of_year('pooled.period_start') }} as calendar_month,
    pooled.numerator,
    pooled.denominator,
    {{ as_count('pooled.reporting_entities') }} as reporting_entities
from pooled
inner join windows on windows.need_id = pooled.need_id
where pooled.denominator > 0
