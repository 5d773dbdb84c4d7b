with latest as (
    {{ latest_delivery(source('raw', 'metric_values'), ['metric_id', 'period', 'entity_type', 'entity_id']) }}
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
