-- Every clinician-level metric value names an NPI on the roster (see metric_values_name_catalog_metrics).
{{ config(meta={'dagster': {'ref': {'name': 'stg_roster'}}}) }}  -- the asset this check shows on in Dagster
select metric_values.entity_id, count(*) as metric_values
from {{ ref('stg_metric_values') }} as metric_values
left join {{ ref('stg_roster') }} as roster
    on roster.npi = metric_values.entity_id
where metric_values.entity_type = 'clinician' and roster.npi is null
group by metric_values.entity_id
