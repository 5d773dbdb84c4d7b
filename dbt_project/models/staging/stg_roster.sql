with latest as (
    {{ latest_delivery(source('raw', 'roster'), ['npi']) }}
)

select
    npi,
    first_name,
    last_name,
    email,
    profession,
    specialty,
    service_line,
    unit,
    cast(active_from as date) as active_from,
    cast(active_to as date) as active_to,
    _source_file as source_file,
    _source_line as source_line
from latest
