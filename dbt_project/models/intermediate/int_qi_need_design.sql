-- One row per need that links a metric: which design estimates its effect, and the groups it compares.
--   clinician_did            clinician metric: attendees vs the rest of the target audience
--   unit_did                 unit metric: exposed units vs the target service line's other units
--   interrupted_time_series  service-line metric, or a unit or clinician metric whose whole target group
--                            was exposed (no comparison group): the group's own monthly series
with windows as (
    select * from {{ ref('int_qi_need_windows') }}
),

groups as (
    select
        need_id,
        sum(case when is_exposed then 1 else 0 end) as exposed_entities,
        sum(case when is_exposed then 0 else 1 end) as comparison_entities
    from {{ ref('int_qi_entity_exposure') }}
    group by need_id
)

select
    windows.need_id,
    case
        when windows.unit_of_analysis = 'service_line' then 'interrupted_time_series'
        when coalesce(groups.exposed_entities, 0) > 0 and coalesce(groups.comparison_entities, 0) = 0
            then 'interrupted_time_series'
        when windows.unit_of_analysis = 'unit' then 'unit_did'
        else 'clinician_did'
    end as method,
    {{ as_count('coalesce(groups.exposed_entities, 0)') }} as exposed_entities,
    {{ as_count('coalesce(groups.comparison_entities, 0)') }} as comparison_entities
from windows
left join groups on groups.need_id = windows.need_id
