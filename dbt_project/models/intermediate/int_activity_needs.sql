-- One row per (activity, need) it addresses: the activities feed's need_ids pipe list, exploded.
with activities as (
    select activity_id, need_ids
    from {{ ref('stg_activities') }}
    where need_ids is not null
),

positions as (
    {{ list_positions(20) }}
),

exploded as (
    select
        activities.activity_id,
        {{ pipe_list_item('activities.need_ids', 'positions.position') }} as need_id
    from activities
    cross join positions
)

select distinct activity_id, need_id
from exploded
where need_id <> ''
