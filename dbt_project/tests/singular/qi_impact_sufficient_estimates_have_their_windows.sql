-- Every estimate marked sufficient has metric data in both windows for each group it compares.
{{ config(meta={'dagster': {'ref': {'name': 'qi_impact'}}}) }}  -- the asset this check shows on in Dagster
with groups as (
    select
        need_id,
        is_exposed,
        count(distinct case when window_name = 'baseline' then period_start end) as baseline_months,
        count(distinct case when window_name = 'followup' then period_start end) as followup_months
    from {{ ref('int_qi_window_values') }}
    group by need_id, is_exposed
)

select impact.need_id
from {{ ref('qi_impact') }} as impact
where impact.sufficient_data
    and (
        impact.need_id not in (select need_id from groups)
        or exists (
            select 1 from groups
            where groups.need_id = impact.need_id and (groups.baseline_months = 0 or groups.followup_months = 0)
        )
    )
