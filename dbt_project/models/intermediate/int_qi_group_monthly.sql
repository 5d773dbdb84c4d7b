-- The monthly series every monthly-series design reads: per need, group (exposed or comparison) and month,
-- the pooled numerator and denominator of the group's entities (int_qi_entity_months) and their mean
-- deviation, weighted by denominator. Pooled over a group that may be one clinician: restricted.
with entity_months as (
    select * from {{ ref('int_qi_entity_months') }}
)

select
    need_id,
    is_exposed,
    period_start,
    max(relative_month) as relative_month,
    max(phase) as phase,
    max(months_after_education) as months_after_education,
    max(calendar_month) as calendar_month,
    sum(numerator) as numerator,
    sum(denominator) as denominator,
    sum(case when deviation is not null then denominator * deviation end)
        / nullif(sum(case when deviation is not null then denominator end), 0) as mean_deviation,
    {{ as_count('count(*)') }} as reporting_entities
from entity_months
group by need_id, is_exposed, period_start
