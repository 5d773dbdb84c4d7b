with latest as (
    {{ latest_delivery(source('raw', 'attendance'), ['activity_id', 'session_date', 'learner_id']) }}
)

select
    activity_id,
    cast(session_date as date) as session_date,
    learner_id,
    npi as reported_npi,
    email as reported_email,
    first_name as reported_first_name,
    last_name as reported_last_name,
    profession,
    cast(credits_claimed as {{ dbt.type_float() }}) as credits_claimed,
    cast(pre_score as {{ dbt.type_float() }}) as pre_score,
    cast(post_score as {{ dbt.type_float() }}) as post_score,
    cast(satisfaction as {{ dbt.type_int() }}) as satisfaction,
    commitment_to_change,
    _source_file as source_file,
    _source_line as source_line
from latest
