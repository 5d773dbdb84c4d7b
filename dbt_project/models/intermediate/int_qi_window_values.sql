-- Metric values of every compared entity in its baseline and follow-up windows (int_qi_entity_exposure
-- sets them per entity and exposure month), one row per need x exposure x entity x exposure month x month.
-- `weight` is the entity row's (a stacked comparison clinician counts once over all its exposure months).
-- Clinician-level data: restricted.
with entities as (
    select * from {{ ref('int_qi_entity_exposure') }}
),

windows as (
    select need_id, metric_id from {{ ref('int_qi_need_windows') }}
),

metric_values as (
    select * from {{ ref('stg_metric_values') }}
)

select
    entities.need_id,
    entities.exposure,
    entities.entity_type,
    entities.entity_id,
    entities.exposure_start_month,
    entities.is_exposed,
    entities.weight,
    case
        when metric_values.period_start between entities.baseline_start and entities.baseline_end then 'baseline'
        else 'followup'
    end as window_name,
    metric_values.period_start,
    metric_values.numerator,
    metric_values.denominator
from entities
inner join windows on windows.need_id = entities.need_id
inner join metric_values
    on metric_values.metric_id = windows.metric_id
    and metric_values.entity_type = entities.entity_type
    and metric_values.entity_id = entities.entity_id
    and (
        metric_values.period_start between entities.baseline_start and entities.baseline_end
        or metric_values.period_start between entities.followup_start and entities.followup_end
    )
