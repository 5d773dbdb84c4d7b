-- Every metric value names a metric in the catalog. A singular test, not a relationships test on
-- stg_metric_values: that model is month-partitioned and built before the catalog in a run.
{{ config(meta={'dagster': {'ref': {'name': 'stg_metric_catalog'}}}) }}  -- the asset this check shows on in Dagster
select metric_values.metric_id, count(*) as metric_values
from {{ ref('stg_metric_values') }} as metric_values
left join {{ ref('stg_metric_catalog') }} as catalog
    on catalog.metric_id = metric_values.metric_id
where catalog.metric_id is null
group by metric_values.metric_id
