-- Ready to key into ACCME's PARS: one row per activity per reporting year, except internet searching and
-- learning, which PARS wants as one activity a year: ISL activities' attendance and point-of-care look-ups
-- (int_pars_participation) roll into one 'ISL-<year>' row counting distinct learners, each once across both
-- sources, with hours = the estimated time per learner (their hours, summed, over the learners). Learner
-- counts follow PARS's rules (seed pars_activity_types): a regularly scheduled series counts each learner
-- once per session attended (20 physicians x 52 sessions = 1,040), an internet enduring material counts that
-- year's completers in every year it is active (never cumulatively), a course and the rest count people.
-- Physicians (MD, DO) and other learners are counted separately. Counts are exact: participation is not
-- patient data, and accreditation needs it.
with activities as (
    select * from {{ ref('stg_activities') }}
),

types as (
    select * from {{ ref('pars_activity_types') }}
),

outcomes as (
    select * from {{ ref('activity_outcomes') }}
),

participation as (
    select * from {{ ref('int_pars_participation') }}
),

typed as (
    select
        activities.*,
        types.pars_activity_type,
        types.learner_count_rule,
        -- Rolled-up activities share one description; each reporting year becomes 'ISL-<year>'.
        case when types.learner_count_rule = 'people_rolled_up' then 'ISL' else activities.activity_id end
            as pars_group
    from activities
    inner join types on types.activity_type = activities.activity_type
),

yearly as (
    select * from {{ ref('int_pars_yearly_counts') }}
),

-- Everything PARS reports about the activity itself; for the rolled-up row, over its activities.
described as (
    select
        typed.pars_group,
        max(typed.pars_activity_type) as pars_activity_type,
        max(typed.activity_type) as activity_type,
        max(typed.learner_count_rule) as learner_count_rule,
        case when count(*) > 1 then 'Internet searching and learning (all)' else max(typed.activity_title) end
            as activity_title,
        count(*) as activities_rolled_up,
        min(typed.start_date) as start_date,
        max(coalesce(typed.end_date, typed.start_date)) as end_date,
        -- One activity's designated hours; for the rolled-up row, the credit of one search-and-learn cycle.
        max(typed.credit_hours) as hours_of_instruction,
        max(case when {{ pipe_list_contains('typed.designed_to_change', "'competence'") }} then 1 else 0 end) = 1
            as designed_to_change_competence,
        max(case when {{ pipe_list_contains('typed.designed_to_change', "'performance'") }} then 1 else 0 end) = 1
            as designed_to_change_performance,
        max(case when {{ pipe_list_contains('typed.designed_to_change', "'patient_outcomes'") }} then 1 else 0 end) = 1
            as designed_to_change_patient_outcomes,
        max(case when outcomes.paired_pre_post_n > 0 or outcomes.commitments_to_change > 0 then 1 else 0 end) = 1
            as change_evaluated_competence,
        max(case when outcomes.performance_needs_measured > 0 then 1 else 0 end) = 1 as change_evaluated_performance,
        max(case when outcomes.patient_health_needs_measured > 0 then 1 else 0 end) = 1
            as change_evaluated_patient_outcomes,
        max(case when typed.has_commercial_support then 1 else 0 end) = 1 as has_commercial_support,
        max(typed.joint_provider) as joint_provider
    from typed
    left join outcomes on outcomes.activity_id = typed.activity_id
    group by typed.pars_group

    union all

    -- Point-of-care learning alone: designed to change competence and performance (a question from a patient,
    -- answered and applied); the change evaluated is the learners' own report (self-report: Moore 4 and 5,
    -- in the yearly counts).
    select
        'ISL', 'Internet Searching and Learning', 'internet_searching_learning', 'people_rolled_up',
        'Internet searching and learning (point of care)', 0, min(participation_date), max(participation_date),
        null, true, true, false, false, false, false, false, null
    from participation
    where participation.pars_group = 'ISL' and not exists (select 1 from typed where pars_group = 'ISL')
    having count(*) > 0
),

reporting_years as (
    select pars_group, reporting_year from yearly
    union
    -- An activity nobody attended yet is still reported, in the year it starts, with zero learners.
    select pars_group, {{ year_of('start_date') }}
    from described
    where pars_group not in (select pars_group from yearly)
)

select
    reporting_years.reporting_year,
    case when described.learner_count_rule = 'people_rolled_up'
         then {{ dbt.concat(["'ISL-'", dbt.cast('reporting_years.reporting_year', dbt.type_string())]) }}
         else reporting_years.pars_group
    end as pars_activity_id,
    described.activity_title,
    described.activity_type,
    described.pars_activity_type,
    {{ as_count('described.activities_rolled_up') }} as activities_rolled_up,
    case when described.learner_count_rule = 'people_rolled_up' then yearly.first_session_date
         else described.start_date end as start_date,
    case when described.learner_count_rule = 'people_rolled_up' then yearly.last_session_date
         else described.end_date end as end_date,
    yearly.first_session_date,
    yearly.last_session_date,
    {{ as_count('coalesce(yearly.sessions, 0)') }} as sessions,
    -- Internet searching and learning: the estimated time per learner; every other activity: its hours.
    cast(case when described.learner_count_rule = 'people_rolled_up' and yearly.hours_per_learner is not null
              then round(yearly.hours_per_learner * 4) / 4
              else described.hours_of_instruction end as {{ dbt.type_float() }}) as hours_of_instruction,
    described.learner_count_rule,
    {{ as_count('coalesce(yearly.physician_learners, 0)') }} as physician_learners,
    {{ as_count('coalesce(yearly.other_learners, 0)') }} as other_learners,
    {{ as_count('coalesce(yearly.point_of_care_look_ups, 0)') }} as point_of_care_look_ups,
    described.designed_to_change_competence,
    described.designed_to_change_performance,
    described.designed_to_change_patient_outcomes,
    -- PARS asks whether change was evaluated, however measured: the learners' own reports count there (and
    -- are marked), never in activity_outcomes.highest_level_evidenced or the commendation evidence.
    described.change_evaluated_competence or coalesce(yearly.self_reported_competence_learners, 0) > 0
        as change_evaluated_competence,
    described.change_evaluated_performance or coalesce(yearly.self_reported_performance_learners, 0) > 0
        as change_evaluated_performance,
    described.change_evaluated_patient_outcomes,
    case
        when described.change_evaluated_patient_outcomes then 'patient outcomes (Moore 6)'
        when described.change_evaluated_performance then 'performance (Moore 5)'
        when coalesce(yearly.self_reported_performance_learners, 0) > 0 then 'performance (Moore 5, self-report)'
        when described.change_evaluated_competence then 'competence (Moore 3-4)'
        when coalesce(yearly.self_reported_competence_learners, 0) > 0 then 'competence (Moore 4, self-report)'
        else 'not evaluated'
    end as change_evaluated_at,
    {{ as_count('yearly.self_reported_competence_learners') }} as self_reported_competence_learners,
    {{ as_count('yearly.self_reported_performance_learners') }} as self_reported_performance_learners,
    case when described.joint_provider is null then 'direct' else 'joint' end as providership,
    described.joint_provider,
    described.has_commercial_support,
    -- An internet enduring material may be active at most 3 years; a fourth reporting year needs review.
    described.learner_count_rule = 'year_completers'
        and reporting_years.reporting_year - {{ year_of('described.start_date') }} >= 3
        as beyond_enduring_term
from reporting_years
inner join described on described.pars_group = reporting_years.pars_group
left join yearly
    on yearly.pars_group = reporting_years.pars_group
    and yearly.reporting_year = reporting_years.reporting_year
