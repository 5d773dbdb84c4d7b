-- Every compared entity's monthly values, per need, exposure and exposure month, from its first month with
-- data to the end of the longer follow-up window: the rows the monthly-series designs pool
-- (int_qi_group_monthly) and the parallel-trends check of clinician DiD reads one by one. `relative_month`
-- counts months from the exposure's first month (the first session's, or the first applied look-up's;
-- negative before it); `phase` is pre (before the exposure), education (the months it ran in) or post.
-- Clinician-level: restricted.
with windows as (
    select need_id, metric_id from {{ ref('int_qi_need_windows') }}
),

-- The panel: entities measured in both difference-in-differences windows, as the estimates use them. A
-- clinician who joins or leaves over the years would otherwise move the group's pooled rate by who they
-- are, and the parallel-trends check would read that change of membership as a change of trend.
panel as (
    select need_id, exposure, entity_type, entity_id, exposure_start_month
    from {{ ref('int_qi_window_values') }}
    group by need_id, exposure, entity_type, entity_id, exposure_start_month
    having count(distinct window_name) = 2
),

entities as (
    select compared.*
    from {{ ref('int_qi_entity_exposure') }} as compared
    inner join panel
        on panel.need_id = compared.need_id
        and panel.exposure = compared.exposure
        and panel.entity_type = compared.entity_type
        and panel.entity_id = compared.entity_id
        and panel.exposure_start_month = compared.exposure_start_month
),

metric_values as (
    select * from {{ ref('stg_metric_values') }}
),

entity_months as (
    select
        entities.need_id,
        entities.exposure,
        entities.entity_type,
        entities.entity_id,
        entities.exposure_start_month,
        entities.exposure_end_month,
        entities.is_exposed,
        entities.weight,
        metric_values.period_start,
        metric_values.numerator,
        metric_values.denominator,
        case when metric_values.period_start < entities.exposure_start_month
             then metric_values.denominator end as pre_denominator
    from entities
    inner join windows on windows.need_id = entities.need_id
    inner join metric_values
        on metric_values.metric_id = windows.metric_id
        and metric_values.entity_type = entities.entity_type
        and metric_values.entity_id = entities.entity_id
        and metric_values.period_start <= entities.series_end
        and (entities.series_start is null or metric_values.period_start >= entities.series_start)
        and metric_values.denominator > 0
),

-- Each entity's rate less the whole audience's rate that month (what every member shares: the secular trend,
-- the season, system-wide shocks), then less its own pre-period mean of that difference. A group's mean
-- deviation moves only with what its members do differently from everyone - not with the common trend, and
-- not with who joins or leaves the group when (what the parallel-trends check needs).
month_rates as (
    select need_id, exposure, period_start, sum(weight * numerator) / sum(weight * denominator) as audience_rate
    from entity_months
    group by need_id, exposure, period_start
),

relative as (
    select
        entity_months.*,
        entity_months.numerator / entity_months.denominator - month_rates.audience_rate as relative_rate
    from entity_months
    inner join month_rates
        on month_rates.need_id = entity_months.need_id
        and month_rates.exposure = entity_months.exposure
        and month_rates.period_start = entity_months.period_start
),

deviations as (
    select
        relative.*,
        relative_rate
        - sum(case when pre_denominator is not null then denominator * relative_rate end)
            over (partition by need_id, exposure, entity_id, exposure_start_month)
          / nullif(sum(pre_denominator) over (partition by need_id, exposure, entity_id, exposure_start_month), 0)
            as deviation
    from relative
)

select
    need_id,
    exposure,
    entity_type,
    entity_id,
    exposure_start_month,
    is_exposed,
    weight,
    period_start,
    {{ months_between('exposure_start_month', 'period_start') }} as relative_month,
    case
        when period_start < exposure_start_month then 'pre'
        when period_start <= exposure_end_month then 'education'
        else 'post'
    end as phase,
    {{ months_between('exposure_end_month', 'period_start') }} as months_after_education,
    {{ month_of_year('period_start') }} as calendar_month,
    numerator,
    denominator,
    deviation
from deviations
