-- Metric values per month at the grain a Quality Council reads them: clinician-level values rolled up
-- to the clinician's service line (never published per clinician), unit values per unit, service-line
-- values as they come. Also every unit and service-line value rolled up to its service line, so a
-- need's target service line has one series whatever the metric's grain (entity_type 'service_line').
-- Incremental by month, with the months of the run's partition window (macros/months.sql). Not a Dagster
-- partition itself: it reads the roster, which is not partitioned, and a roster change marks every month.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook="{{ delete_run_months('period_start', as_date=true) }}",
) }}

with metric_values as (
    select * from {{ ref('stg_metric_values') }}
    where {{ in_run_months('period_start', as_date=true) }}
),

catalog as (
    select metric_id, unit_of_analysis from {{ ref('stg_metric_catalog') }}
),

roster as (
    select npi, service_line from {{ ref('stg_roster') }}
),

units as (
    select * from {{ ref('int_units') }}
),

located as (
    select
        metric_values.metric_id,
        metric_values.period_start,
        metric_values.entity_type,
        metric_values.entity_id,
        case metric_values.entity_type
            when 'clinician' then roster.service_line
            when 'unit' then units.service_line
            else metric_values.entity_id
        end as service_line,
        metric_values.numerator,
        metric_values.denominator
    from metric_values
    inner join catalog
        on catalog.metric_id = metric_values.metric_id
        and catalog.unit_of_analysis = metric_values.entity_type
    left join roster
        on metric_values.entity_type = 'clinician' and roster.npi = metric_values.entity_id
    left join units
        on metric_values.entity_type = 'unit' and units.unit = metric_values.entity_id
),

per_unit as (
    select metric_id, period_start, 'unit' as entity_type, entity_id, service_line,
           sum(numerator) as numerator, sum(denominator) as denominator, count(*) as reporting_entities
    from located
    where entity_type = 'unit'
    group by metric_id, period_start, entity_id, service_line
),

per_service_line as (
    select metric_id, period_start, 'service_line' as entity_type, service_line as entity_id, service_line,
           sum(numerator) as numerator, sum(denominator) as denominator, count(*) as reporting_entities
    from located
    where service_line is not null
    group by metric_id, period_start, service_line
)

select * from per_unit
union all
select * from per_service_line
