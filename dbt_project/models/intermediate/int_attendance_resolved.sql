-- Each attendance row's learner resolved to a roster clinician, keeping how:
--   1. npi             - the reported NPI passes its check digit and is on the roster
--   2. email           - the email (case-insensitive) belongs to exactly one roster clinician
--   3. name_profession - first + last name (case-insensitive) and profession name exactly one clinician
--   4. unmatched       - none of the above: counted as a learner, never linked to metrics
-- An ambiguous email or name (shared by two clinicians) is not used: a wrong link is worse than none.
with attendance as (
    select * from {{ ref('stg_attendance') }}
),

roster as (
    select
        npi,
        lower(trim(email)) as email_key,
        lower(trim(first_name)) as first_name_key,
        lower(trim(last_name)) as last_name_key,
        profession
    from {{ ref('stg_roster') }}
),

clinicians_by_email as (
    select email_key, min(npi) as npi, count(*) as clinicians
    from roster
    where email_key is not null
    group by email_key
),

clinicians_by_name as (
    select first_name_key, last_name_key, profession, min(npi) as npi, count(*) as clinicians
    from roster
    where first_name_key is not null and last_name_key is not null
    group by first_name_key, last_name_key, profession
),

candidates as (
    select
        attendance.*,
        {{ is_valid_npi('attendance.reported_npi') }} as reported_npi_is_valid,
        by_npi.npi as npi_match,
        case when by_email.clinicians = 1 then by_email.npi end as email_match,
        case when by_name.clinicians = 1 then by_name.npi end as name_match
    from attendance
    left join roster as by_npi
        on by_npi.npi = attendance.reported_npi
        and {{ is_valid_npi('attendance.reported_npi') }}
    left join clinicians_by_email as by_email
        on by_email.email_key = lower(trim(attendance.reported_email))
    left join clinicians_by_name as by_name
        on by_name.first_name_key = lower(trim(attendance.reported_first_name))
        and by_name.last_name_key = lower(trim(attendance.reported_last_name))
        and by_name.profession = attendance.profession
)

select
    activity_id,
    session_date,
    learner_id,
    profession,
    profession in ('MD', 'DO') as is_physician,
    reported_npi,
    reported_npi_is_valid,
    coalesce(npi_match, email_match, name_match) as clinician_npi,
    case
        when npi_match is not null then 'npi'
        when email_match is not null then 'email'
        when name_match is not null then 'name_profession'
        else 'unmatched'
    end as match_method,
    -- Counts people: a resolved learner is their clinician, an unresolved one their CME account.
    coalesce(
        {{ dbt.concat(["'npi:'", 'coalesce(npi_match, email_match, name_match)']) }},
        {{ dbt.concat(["'cme:'", 'learner_id']) }}
    ) as learner_key,
    credits_claimed,
    pre_score,
    post_score,
    satisfaction,
    commitment_to_change
from candidates
