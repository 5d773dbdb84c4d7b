-- Metric values of every compared entity in each need's baseline and follow-up windows,
-- one row per need x entity x month. Clinician-level data: restricted.
with windows as (
    select * from {{ ref('int_qi_need_windows') }}
),

entities as (
    select * from {{ ref('int_qi_entity_exposure') }}
),

metric_values as (
    select * from {{ ref('stg_metric_values') }}
)

select
    windows.need_id,
    entities.entity_type,
    entities.entity_id,
    entities.is_exposed,
    case
        when metric_values.period_start between windows.baseline_start and windows.baseline_end then 'baseline'
        else 'followup'
    end as window_name,
    metric_values.period_start,
    metric_values.numerator,
    metric_values.denominator
from windows
inner join entities on entities.need_id = windows.need_id
inner join metric_values
    on metric_values.metric_id = windows.metric_id
    and metric_values.entity_type = entities.entity_type
    and metric_values.entity_id = entities.entity_id
    and (
        metric_values.period_start between windows.baseline_start and windows.baseline_end
        or metric_values.period_start between windows.followup_start and windows.followup_end
    )
