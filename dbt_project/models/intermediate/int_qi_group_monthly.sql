-- The monthly series every monthly-series design reads: per need, group (exposed or comparison) and
-- month, the pooled numerator and denominator of the group's panel entities, from the first month with data
-- to the end of the longer follow-up window. `relative_month` counts months from the first session's
-- month (negative before it); `phase` is pre (before the education), education (the months it ran in)
-- or post (after it). Pooled over a group that may be one clinician: restricted.
with windows as (
    select * from {{ ref('int_qi_need_windows') }}
    where first_session_month is not null
),

-- The panel: entities measured in both difference-in-differences windows, as the estimates use them. A
-- clinician who joins or leaves over the years would otherwise move the group's pooled rate by who they
-- are, and the parallel-trends check would read that change of membership as a change of trend.
panel as (
    select need_id, entity_type, entity_id
    from {{ ref('int_qi_window_values') }}
    group by need_id, entity_type, entity_id
    having count(distinct window_name) = 2
),

entities as (
    select exposure.*
    from {{ ref('int_qi_entity_exposure') }} as exposure
    inner join panel
        on panel.need_id = exposure.need_id
        and panel.entity_type = exposure.entity_type
        and panel.entity_id = exposure.entity_id
),

metric_values as (
    select * from {{ ref('stg_metric_values') }}
),

entity_months as (
    select
        windows.need_id,
        entities.entity_id,
        entities.is_exposed,
        metric_values.period_start,
        metric_values.numerator,
        metric_values.denominator,
        case when metric_values.period_start < windows.first_session_month
             then metric_values.numerator end as pre_numerator,
        case when metric_values.period_start < windows.first_session_month
             then metric_values.denominator end as pre_denominator
    from windows
    inner join entities on entities.need_id = windows.need_id
    inner join metric_values
        on metric_values.metric_id = windows.metric_id
        and metric_values.entity_type = entities.entity_type
        and metric_values.entity_id = entities.entity_id
        and metric_values.period_start <= greatest(windows.followup_end, windows.its_followup_end)
        and metric_values.denominator > 0
),

-- Each entity's rate as a deviation from its own pre-period rate: a group's mean deviation moves with its
-- members' trends, not with who joins or leaves it (what the parallel-trends check needs).
deviations as (
    select
        entity_months.*,
        numerator / denominator
        - sum(pre_numerator) over (partition by need_id, entity_id)
          / nullif(sum(pre_denominator) over (partition by need_id, entity_id), 0) as deviation
    from entity_months
),

pooled as (
    select
        need_id,
        is_exposed,
        period_start,
        sum(numerator) as numerator,
        sum(denominator) as denominator,
        sum(case when deviation is not null then denominator * deviation end)
            / nullif(sum(case when deviation is not null then denominator end), 0) as mean_deviation,
        count(*) as reporting_entities
    from deviations
    group by need_id, is_exposed, period_start
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
    pooled.mean_deviation,
    {{ as_count('pooled.reporting_entities') }} as reporting_entities
from pooled
inner join windows on windows.need_id = pooled.need_id
where pooled.denominator > 0
