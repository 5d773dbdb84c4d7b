-- Program level: for each "Achieves Outcomes" criterion, the qualifying activities against what the
-- program's size requires (DOMAIN.md). Size by activities in the term: S <= 39, M 40-100, L 101-250, XL > 250.
--   Improves Performance: at least 10% of activities (minimum 2) attested, with evidence from
--     S 2 / M 4 / L 6 / XL 8 activities.
--   Improves Healthcare Quality, Improves Patient/Community Health: 2 examples per term.
with evidence as (
    select * from {{ ref('commendation_evidence') }}
),

program as (
    select
        count(*) as program_activities,
        case
            when count(*) <= 39 then 'S'
            when count(*) <= 100 then 'M'
            when count(*) <= 250 then 'L'
            else 'XL'
        end as program_size,
        sum(case when improves_performance then 1 else 0 end) as performance_activities,
        sum(case when improves_healthcare_quality then 1 else 0 end) as healthcare_quality_activities,
        sum(case when improves_patient_community_health then 1 else 0 end) as patient_health_activities
    from evidence
),

criteria as (
    select
        'Improves Performance' as criterion,
        program_activities,
        program_size,
        performance_activities as qualifying_activities,
        case when ceiling(0.1 * program_activities) > 2 then cast(ceiling(0.1 * program_activities) as integer)
             else 2 end as activities_required,
        case program_size when 'S' then 2 when 'M' then 4 when 'L' then 6 else 8 end as evidence_examples_required
    from program
    union all
    select 'Improves Healthcare Quality', program_activities, program_size, healthcare_quality_activities, 2, 2
    from program
    union all
    select 'Improves Patient/Community Health', program_activities, program_size, patient_health_activities, 2, 2
    from program
)

select
    criteria.*,
    qualifying_activities >= activities_required
        and qualifying_activities >= evidence_examples_required as meets_requirement
from criteria
