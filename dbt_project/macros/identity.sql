{#- Identity resolution, one rule for every feed that names learners (attendance, point of care): a learner
    is resolved to a roster clinician by
      1. npi             - the reported NPI passes its check digit and is on the roster
      2. email           - the email (case-insensitive) belongs to exactly one roster clinician
      3. name_profession - first + last name (case-insensitive) and profession name exactly one clinician
      4. unmatched       - none of the above: counted as a learner, never linked to metrics
    An ambiguous email or name (shared by two clinicians) is not used: a wrong link is worse than none.
    The source needs reported_npi, reported_email, reported_first_name, reported_last_name, profession and
    learner_id. -#}
{% macro roster_identity_ctes() -%}
roster_identity as (
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
    from roster_identity
    where email_key is not null
    group by email_key
),

clinicians_by_name as (
    select first_name_key, last_name_key, profession, min(npi) as npi, count(*) as clinicians
    from roster_identity
    where first_name_key is not null and last_name_key is not null
    group by first_name_key, last_name_key, profession
),
{%- endmacro %}

{% macro roster_candidates(source) -%}
    select
        {{ source }}.*,
        {{ is_valid_npi(source ~ '.reported_npi') }} as reported_npi_is_valid,
        by_npi.npi as npi_match,
        case when by_email.clinicians = 1 then by_email.npi end as email_match,
        case when by_name.clinicians = 1 then by_name.npi end as name_match
    from {{ source }}
    left join roster_identity as by_npi
        on by_npi.npi = {{ source }}.reported_npi
        and {{ is_valid_npi(source ~ '.reported_npi') }}
    left join clinicians_by_email as by_email
        on by_email.email_key = lower(trim({{ source }}.reported_email))
    left join clinicians_by_name as by_name
        on by_name.first_name_key = lower(trim({{ source }}.reported_first_name))
        and by_name.last_name_key = lower(trim({{ source }}.reported_last_name))
        and by_name.profession = {{ source }}.profession
{%- endmacro %}

{#- The resolution's columns, over roster_candidates: the clinician, how, and the key that counts people (a
    resolved learner is their clinician, an unresolved one their account in the source system). -#}
{% macro resolved_identity_columns(account_prefix) -%}
    coalesce(npi_match, email_match, name_match) as clinician_npi,
    case
        when npi_match is not null then 'npi'
        when email_match is not null then 'email'
        when name_match is not null then 'name_profession'
        else 'unmatched'
    end as match_method,
    coalesce(
        {{ dbt.concat(["'npi:'", 'coalesce(npi_match, email_match, name_match)']) }},
        {{ dbt.concat(["'" ~ account_prefix ~ ":'", 'learner_id']) }}
    ) as learner_key
{%- endmacro %}
