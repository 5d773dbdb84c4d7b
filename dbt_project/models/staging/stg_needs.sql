with latest as (
    {{ latest_delivery(source('raw', 'needs'), ['need_id']) }}
)

select
    need_id,
    lower(source_type) as source_type,
    source_name,
    cast(identified_on as date) as identified_on,
    practice_gap,
    target_service_line,
    target_professions,
    metric_id,
    cast(target_value as {{ dbt.type_float() }}) as target_value,
    lower(priority) as priority,
    topic_keywords,
    _source_file as source_file,
    _source_line as source_line
from latest
