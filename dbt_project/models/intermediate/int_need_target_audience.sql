-- One row per need x roster clinician in its target audience: the target service line and
-- professions (an empty list means every profession), on the roster at some point of the
-- need's education period (or, before any education, on the day the need was identified).
with needs as (
    select
        need_id,
        target_service_line,
        target_professions,
        coalesce(education_start, identified_on) as period_start,
        coalesce(education_end, identified_on) as period_end
    from {{ ref('int_need_education') }}
),

roster as (
    select * from {{ ref('stg_roster') }}
)

select
    needs.need_id,
    roster.npi as clinician_npi,
    roster.profession,
    roster.unit
from needs
inner join roster
    on roster.service_line = needs.target_service_line
    and (
        needs.target_professions is null
        or {{ pipe_list_contains('needs.target_professions', 'roster.profession') }}
    )
    and (roster.active_from is null or roster.active_from <= needs.period_end)
    and (roster.active_to is null or roster.active_to >= needs.period_start)
