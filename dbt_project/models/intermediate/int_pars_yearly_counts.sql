-- Per PARS activity (pars_group: an activity, or 'ISL' for the year's internet searching and learning) and
-- reporting year, what PARS counts (pars_activity_report): sessions, learners by PARS's counting rule for the
-- activity's type, hours per learner, look-ups, and for ISL the learners' self-reported Moore 4 and 5.
with participation as (
    select * from {{ ref('int_pars_participation') }}
),

typed as (
    select
        case when types.learner_count_rule = 'people_rolled_up' then 'ISL' else activities.activity_id end
            as pars_group,
        types.learner_count_rule
    from {{ ref('stg_activities') }} as activities
    inner join {{ ref('pars_activity_types') }} as types on types.activity_type = activities.activity_type
),

rules as (
    select pars_group, max(learner_count_rule) as learner_count_rule from typed group by pars_group
    union all
    -- Point-of-care look-ups make an ISL activity even where no ISL activity is in the activities feed.
    select 'ISL', 'people_rolled_up'
    where not exists (select 1 from typed where pars_group = 'ISL')
),

counts as (
    select
        participation.pars_group,
        participation.reporting_year,
        count(distinct participation.session_key) as sessions,
        min(participation.participation_date) as first_session_date,
        max(participation.participation_date) as last_session_date,
        case when max(rules.learner_count_rule) = 'sessions_attended'
             then sum(case when participation.is_physician then 1 else 0 end)
             else count(distinct case when participation.is_physician then participation.learner_key end)
        end as physician_learners,
        case when max(rules.learner_count_rule) = 'sessions_attended'
             then sum(case when not participation.is_physician then 1 else 0 end)
             else count(distinct case when not participation.is_physician then participation.learner_key end)
        end as other_learners,
        sum(participation.learning_hours) / count(distinct participation.learner_key) as hours_per_learner,
        count(case when participation.participation_source = 'point_of_care' then 1 end) as point_of_care_look_ups,
        -- Moore 4 and 5 as the learners report them (internet searching and learning only): what they learned,
        -- and what they changed for the patient at hand.
        case when participation.pars_group = 'ISL' then count(distinct case
            when participation.applied_to_practice in ('learned', 'diagnosis', 'treatment') then participation.learner_key
        end) end as self_reported_competence_learners,
        case when participation.pars_group = 'ISL' then count(distinct case
            when participation.applied_to_practice in ('diagnosis', 'treatment') then participation.learner_key
        end) end as self_reported_performance_learners
    from participation
    inner join rules on rules.pars_group = participation.pars_group
    group by participation.pars_group, participation.reporting_year
)

select * from counts
