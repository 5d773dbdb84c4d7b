with latest as (
    {{ latest_delivery(source('raw', 'metric_catalog'), ['metric_id']) }}
)

select
    metric_id,
    name as metric_name,
    steward,
    lower(improvement_notation) as improvement_notation,
    lower(unit_of_analysis) as unit_of_analysis,
    lower(scoring) as scoring,
    numerator_definition,
    denominator_definition,
    coalesce(lower(measure_type), 'process') as measure_type,
    topic_keywords,
    cast(benchmark_value as {{ dbt.type_float() }}) as benchmark_value,
    _source_file as source_file,
    _source_line as source_line
from latest
