-- The evidence behind ACCME's Accreditation with Commendation "Achieves Outcomes" criteria: one row per
-- criterion, activity and need whose claimed improvement (qi_impact.improved) qualifies the activity.
--   Improves Performance: the learners' performance was measured objectively and improved - a process
--     metric of a need the activity serves (Moore level 5).
--   Improves Healthcare Quality: the activity is part of a hospital QI project (activities.qi_project:
--     collaboration in quality improvement) and system-level quality improved - a unit or service-line
--     metric of a need it serves.
--   Improves Patient/Community Health: the activity is part of a QI project and patients' outcomes
--     improved - an outcome metric of a need it serves (Moore level 6).
-- A need's effect belongs to its education as a whole: every activity serving the need shares it. Only
-- claims count: an interval excluding zero, the q-value within the false discovery level, every design check
-- passed. Activities in the term: dbt vars commendation_term_start / commendation_term_end (default: all).
with activities as (
    select * from {{ ref('stg_activities') }}
    where 1 = 1
    {% if var('commendation_term_start', none) %}
        and start_date >= cast('{{ var("commendation_term_start") }}' as date)
    {% endif %}
    {% if var('commendation_term_end', none) %}
        and start_date <= cast('{{ var("commendation_term_end") }}' as date)
    {% endif %}
),

claims as (
    select * from {{ ref('qi_impact') }}
    where improved and exposure = 'attendance'  -- point-of-care learning is no activity's education
),

served as (
    select
        activities.activity_id,
        activities.activity_title,
        activities.activity_type,
        activities.start_date,
        activities.qi_project,
        claims.*
    from activities
    inner join {{ ref('int_activity_needs') }} as activity_needs on activity_needs.activity_id = activities.activity_id
    inner join claims on claims.need_id = activity_needs.need_id
),

qualifying as (
    select 'Improves Performance' as criterion, served.* from served
    where measure_type = 'process'
    union all
    select 'Improves Healthcare Quality' as criterion, served.* from served
    where qi_project is not null and unit_of_analysis in ('unit', 'service_line')
    union all
    select 'Improves Patient/Community Health' as criterion, served.* from served
    where qi_project is not null and measure_type = 'outcome'
)

select
    criterion,
    activity_id,
    activity_title,
    activity_type,
    start_date,
    qi_project,
    need_id,
    metric_id,
    metric_name,
    measure_type,
    unit_of_analysis,
    method,
    rate_unit,
    improvement_notation,
    effect,
    effect_ci_low,
    effect_ci_high,
    q_value
from qualifying
