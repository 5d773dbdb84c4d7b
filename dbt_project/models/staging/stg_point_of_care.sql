with latest as (
    {{ latest_delivery(source('raw', 'point_of_care'), ['learner_id', 'entry_date', 'question']) }}
)

select
    learner_id,
    npi as reported_npi,
    email as reported_email,
    first_name as reported_first_name,
    last_name as reported_last_name,
    profession,
    cast(entry_date as date) as entry_date,
    question,
    source,
    cast(minutes as {{ dbt.type_float() }}) as minutes,
    lower(applied_to_practice) as applied_to_practice,
    cast(credits_claimed as {{ dbt.type_float() }}) as credits_claimed,
    _source_file as source_file,
    _source_line as source_line
from latest
