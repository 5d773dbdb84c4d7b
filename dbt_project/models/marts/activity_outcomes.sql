-- Per activity, its evidence at each of Moore's outcome levels: 1 participation, 2 satisfaction,
-- 3 knowledge (paired pre/post tests), 4 competence (commitment to change, self-report), and 5 performance
-- and 6 patient health from qi_impact of the needs the activity serves (process metrics evidence
-- performance, outcome metrics patient health). A need's effect belongs to its education as a whole, so
-- every activity serving the need shares it. `highest_level_evidenced` is the highest level with
-- objective evidence of improvement: 6 or 5 when a served need's metric improved (interval excluding
-- zero), 3 when the knowledge change's interval is above zero, else 1 when anyone took part.
-- Self-reported commitment (4) and satisfaction (2) are reported but never count as objective evidence.
with activities as (
    select * from {{ ref('stg_activities') }}
),

attendance as (
    select * from {{ ref('int_attendance_resolved') }}
),

participation as (
    select
        activity_id,
        count(distinct session_date) as sessions,
        count(*) as attendances,
        count(distinct learner_key) as unique_learners,
        count(distinct case when is_physician then learner_key end) as physician_learners,
        count(distinct case when not is_physician then learner_key end) as other_learners,
        sum(credits_claimed) as credits_claimed,
        count(satisfaction) as satisfaction_responses,
        avg(1.0 * satisfaction) as mean_satisfaction,
        sum(case when pre_score is not null and post_score is not null then 1 else 0 end) as paired_pre_post_n,
        avg(case when post_score is not null then pre_score end) as mean_pre_score,
        avg(case when pre_score is not null then post_score end) as mean_post_score,
        avg(post_score - pre_score) as mean_knowledge_change,
        stddev_samp(post_score - pre_score) as sd_knowledge_change,
        sum(case when trim(coalesce(commitment_to_change, '')) <> '' then 1 else 0 end) as commitments_to_change
    from attendance
    group by activity_id
),

served_impact as (
    select
        activity_needs.activity_id,
        sum(case when impact.measure_type = 'process' and impact.sufficient_data then 1 else 0 end)
            as performance_needs_measured,
        sum(case when impact.measure_type = 'process' and impact.improved then 1 else 0 end)
            as performance_needs_improved,
        sum(case when impact.measure_type = 'outcome' and impact.sufficient_data then 1 else 0 end)
            as patient_health_needs_measured,
        sum(case when impact.measure_type = 'outcome' and impact.improved then 1 else 0 end)
            as patient_health_needs_improved
    from {{ ref('int_activity_needs') }} as activity_needs
    inner join {{ ref('qi_impact') }} as impact
        on impact.need_id = activity_needs.need_id and impact.exposure = 'attendance'
    group by activity_needs.activity_id
),

knowledge as (
    select
        activity_id,
        {{ t_interval('mean_knowledge_change', 'sd_knowledge_change / sqrt(paired_pre_post_n)', 'paired_pre_post_n - 1',
                      'knowledge') }}
    from participation
)

select
    activities.activity_id,
    activities.activity_title,
    activities.activity_type,
    activities.need_ids,
    activities.start_date,
    activities.end_date,
    activities.credit_hours,
    {{ as_count('coalesce(participation.sessions, 0)') }} as sessions,
    {{ as_count('coalesce(participation.attendances, 0)') }} as attendances,
    {{ as_count('coalesce(participation.unique_learners, 0)') }} as unique_learners,
    {{ as_count('coalesce(participation.physician_learners, 0)') }} as physician_learners,
    {{ as_count('coalesce(participation.other_learners, 0)') }} as other_learners,
    coalesce(participation.credits_claimed, 0) as credits_claimed,
    {{ as_count('coalesce(participation.satisfaction_responses, 0)') }} as satisfaction_responses,
    {{ round_significant('participation.mean_satisfaction') }} as mean_satisfaction,
    {{ as_count('coalesce(participation.paired_pre_post_n, 0)') }} as paired_pre_post_n,
    {{ round_significant('participation.mean_pre_score') }} as mean_pre_score,
    {{ round_significant('participation.mean_post_score') }} as mean_post_score,
    {{ round_significant('participation.mean_knowledge_change') }} as mean_knowledge_change,
    -- Paired t interval; past the t table's last row the normal quantile is within 0.02 of t.
    {{ round_significant('knowledge.knowledge_ci_low') }} as knowledge_change_ci_low,
    {{ round_significant('knowledge.knowledge_ci_high') }} as knowledge_change_ci_high,
    {{ as_count('coalesce(participation.commitments_to_change, 0)') }} as commitments_to_change,
    {{ round_significant('1.0 * participation.commitments_to_change / nullif(participation.attendances, 0)') }}
        as commitment_to_change_rate,
    {{ as_count('coalesce(served_impact.performance_needs_measured, 0)') }} as performance_needs_measured,
    coalesce(served_impact.performance_needs_improved, 0) > 0 as performance_improved,
    {{ as_count('coalesce(served_impact.patient_health_needs_measured, 0)') }} as patient_health_needs_measured,
    coalesce(served_impact.patient_health_needs_improved, 0) > 0 as patient_health_improved,
    case
        when coalesce(served_impact.patient_health_needs_improved, 0) > 0 then 6
        when coalesce(served_impact.performance_needs_improved, 0) > 0 then 5
        when knowledge.knowledge_ci_low > 0 then 3
        when coalesce(participation.unique_learners, 0) > 0 then 1
    end as highest_level_evidenced
from activities
left join participation on participation.activity_id = activities.activity_id
left join knowledge on knowledge.activity_id = activities.activity_id
left join served_impact on served_impact.activity_id = activities.activity_id
