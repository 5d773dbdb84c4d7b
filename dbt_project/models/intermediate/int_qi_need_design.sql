-- One row per need and exposure (int_qi_exposure_windows): which design estimates its effect, and the
-- groups it compares.
--   clinician_did            clinician metric: the exposed (attendees, or clinicians exposed by point-of-care
--                            learning) vs the rest of the target audience
--   unit_did                 unit metric: exposed units vs the target service line's other units
--   interrupted_time_series  attendance on a service-line metric, or on a unit or clinician metric whose
--                            whole target group was exposed (no comparison group): the group's own monthly
--                            series. Point-of-care exposure is always compared (clinician_did): its events
--                            are spread over time, with nothing to interrupt.
with windows as (
    select * from {{ ref('int_qi_exposure_windows') }}
),

groups as (
    select
        need_id,
        exposure,
        count(distinct case when is_exposed then entity_id end) as exposed_entities,
        count(distinct case when not is_exposed then entity_id end) as comparison_entities
    from {{ ref('int_qi_entity_exposure') }}
    group by need_id, exposure
)

select
    windows.need_id,
    windows.exposure,
    case
        when windows.exposure = 'point_of_care' then 'clinician_did'
        when windows.unit_of_analysis = 'service_line' then 'interrupted_time_series'
        when coalesce(groups.exposed_entities, 0) > 0 and coalesce(groups.comparison_entities, 0) = 0
            then 'interrupted_time_series'
        when windows.unit_of_analysis = 'unit' then 'unit_did'
        else 'clinician_did'
    end as method,
    {{ as_count('coalesce(groups.exposed_entities, 0)') }} as exposed_entities,
    {{ as_count('coalesce(groups.comparison_entities, 0)') }} as comparison_entities
from windows
left join groups on groups.need_id = windows.need_id and groups.exposure = windows.exposure
