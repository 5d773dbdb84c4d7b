-- Each attendance row's learner resolved to a roster clinician, keeping how (macros/identity.sql: NPI,
-- then an unambiguous email, then an unambiguous name and profession; otherwise unmatched).
with attendance as (
    select * from {{ ref('stg_attendance') }}
),

{{ roster_identity_ctes() }}

candidates as (
    {{ roster_candidates('attendance') }}
)

select
    activity_id,
    session_date,
    learner_id,
    profession,
    profession in ('MD', 'DO') as is_physician,
    reported_npi,
    reported_npi_is_valid,
    {{ resolved_identity_columns('cme') }},
    credits_claimed,
    pre_score,
    post_score,
    satisfaction,
    commitment_to_change
from candidates
