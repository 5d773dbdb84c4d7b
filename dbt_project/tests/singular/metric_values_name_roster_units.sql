-- Every unit-level metric value names a unit on the roster (see metric_values_name_catalog_metrics).
select metric_values.entity_id, count(*) as metric_values
from {{ ref('stg_metric_values') }} as metric_values
left join {{ ref('int_units') }} as units
    on units.unit = metric_values.entity_id
where metric_values.entity_type = 'unit' and units.unit is null
group by metric_values.entity_id
