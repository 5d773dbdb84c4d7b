with latest as (
    {{ latest_delivery(source('raw', 'activities'), ['activity_id']) }}
)

select
    activity_id,
    title as activity_title,
    lower(activity_type) as activity_type,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    cast(credit_hours as {{ dbt.type_float() }}) as credit_hours,
    lower(designed_to_change) as designed_to_change,
    need_ids,
    case upper(commercial_support) when 'Y' then true when 'N' then false end as has_commercial_support,
    joint_provider,
    nullif(trim(qi_project), '') as qi_project,
    _source_file as source_file,
    _source_line as source_line
from latest
