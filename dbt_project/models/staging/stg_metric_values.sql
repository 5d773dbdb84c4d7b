-- Month-partitioned: a run rebuilds only its months (macros/months.sql); the key includes the month, so
-- the latest delivery of a key is found within its month.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='sync_all_columns',
    pre_hook="{{ delete_run_months('period') }}",
    tags=['month_partitioned'],
) }}

with delivered as (
    select * from {{ source('raw', 'metric_values') }}
    where {{ in_run_months('period') }}
),

latest as (
    {{ latest_delivery('delivered', ['metric_id', 'period', 'entity_type', 'entity_id']) }}
)

select
    metric_id,
    period,
    {{ period_to_date('period') }} as period_start,
    lower(entity_type) as entity_type,
    entity_id,
    cast(numerator as {{ dbt.type_float() }}) as numerator,
    cast(denominator as {{ dbt.type_float() }}) as denominator,
    _source_file as source_file,
    _source_line as source_line
from latest
