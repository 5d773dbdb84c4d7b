-- Each point-of-care look-up's learner resolved to a roster clinician, by the same rule as attendance
-- (macros/identity.sql). An unmatched learner still counts for PARS, keyed by the log's own user id.
-- `question_words`: the question normalized once for the topic matching (macros/text.sql).
with point_of_care as (
    select * from {{ ref('stg_point_of_care') }}
),

{{ roster_identity_ctes() }}

candidates as (
    {{ roster_candidates('point_of_care') }}
)

select
    learner_id,
    entry_date,
    question,
    {{ normalized_words('question') }} as question_words,
    profession,
    profession in ('MD', 'DO') as is_physician,
    reported_npi,
    reported_npi_is_valid,
    {{ resolved_identity_columns('poc') }},
    source,
    minutes,
    applied_to_practice,
    applied_to_practice in ('diagnosis', 'treatment') as applied,
    credits_claimed
from candidates
