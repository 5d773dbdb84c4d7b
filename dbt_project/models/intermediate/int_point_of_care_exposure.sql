-- One row per need x clinician of its target audience who looked its topic up and applied what they found
-- (a change in diagnosis or treatment): exposed by point-of-care learning. The exposure event is the first
-- applied look-up; its month anchors the clinician's windows in qi_impact's point-of-care estimate, which
-- leaves out clinicians who also attended one of the need's activities (`attended`: the attendance
-- estimate's exposed). Clinician-level: restricted.
with matches as (
    select * from {{ ref('int_point_of_care_need_matches') }}
    where applied and clinician_npi is not null
),

audience as (
    select * from {{ ref('int_need_target_audience') }}
),

learners as (
    select * from {{ ref('int_need_learners') }}
),

exposure as (
    select
        matches.need_id,
        matches.clinician_npi,
        min(matches.entry_date) as first_applied_on,
        count(*) as applied_look_ups
    from matches
    inner join audience
        on audience.need_id = matches.need_id
        and audience.clinician_npi = matches.clinician_npi
    group by matches.need_id, matches.clinician_npi
)

select
    exposure.need_id,
    exposure.clinician_npi,
    exposure.first_applied_on,
    {{ month_of('exposure.first_applied_on') }} as exposure_month,
    exposure.applied_look_ups,
    learners.clinician_npi is not null as attended
from exposure
left join learners
    on learners.need_id = exposure.need_id
    and learners.clinician_npi = exposure.clinician_npi
