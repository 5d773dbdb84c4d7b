-- The monthly series every monthly-series design reads: per need, exposure, group (exposed or comparison)
-- and month relative to the exposure, the pooled numerator and denominator of the group's entities
-- (int_qi_entity_months, each counted at its weight) and their mean deviation, weighted by denominator.
-- With one exposure month (attendance) a relative month is one calendar month; stacked by look-up month
-- (point of care), it pools each clinician's own month. Pooled over a group that may be one clinician:
-- restricted.
with entity_months as (
    select * from {{ ref('int_qi_entity_months') }}
)

select
    need_id,
    exposure,
    is_exposed,
    relative_month,
    min(period_start) as period_start,
    max(phase) as phase,
    max(months_after_education) as months_after_education,
    max(calendar_month) as calendar_month,
    sum(weight * numerator) as numerator,
    sum(weight * denominator) as denominator,
    sum(case when deviation is not null then weight * denominator * deviation end)
        / nullif(sum(case when deviation is not null then weight * denominator end), 0) as mean_deviation,
    {{ as_count('count(distinct entity_id)') }} as reporting_entities
from entity_months
group by need_id, exposure, is_exposed, relative_month
