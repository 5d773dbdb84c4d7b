-- Every unit-level metric value names a unit on the roster (see metric_values_name_catalog_metrics).
{{ config(meta={'dagster': {'ref': {'name': 'int_units'}}}) }}  -- the asset this check shows on in Dagster
select metric_values.entity_id, count(*) as metric_values
from {{ ref('stg_metric_values') }} as metric_values
left join {{ ref('int_units') }} as units
    on units.unit = metric_values.entity_id
where metric_values.entity_type = 'unit' and units.unit is null
group by metric_values.entity_id
