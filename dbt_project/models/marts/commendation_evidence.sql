-- Per activity: is it evidence for ACCME's Accreditation with Commendation "Achieves Outcomes" criteria?
--   Improves Performance: learners' performance measured objectively (a process metric in qi_impact, the
--     activity's own learners as the exposed group or their units) and improved.
--   Improves Healthcare Quality: the education took part in a QI process and system-level quality improved:
--     a unit- or service-line-level metric of a need it serves improved.
--   Improves Patient/Community Health: an outcome metric (patient health) of a need it serves improved.
-- "Improved" is qi_impact's: the interval excludes zero in the metric's better direction, with enough data.
-- Activities in the accreditation term: dbt vars commendation_term_start / commendation_term_end (default: all).
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

served as (
    select
        activity_needs.activity_id,
        impact.need_id,
        impact.metric_id,
        impact.measure_type,
        impact.unit_of_analysis,
        impact.improved
    from {{ ref('int_activity_needs') }} as activity_needs
    inner join {{ ref('qi_impact') }} as impact on impact.need_id = activity_needs.need_id
),

per_activity as (
    select
        activity_id,
        max(case when measure_type = 'process' and improved then 1 else 0 end) = 1 as improves_performance,
        max(case when unit_of_analysis in ('unit', 'service_line') and improved then 1 else 0 end) = 1
            as improves_healthcare_quality,
        max(case when measure_type = 'outcome' and improved then 1 else 0 end) = 1
            as improves_patient_community_health,
        {{ dbt.listagg("case when improved then " ~ dbt.concat(["need_id", "' ('", "metric_id", "')'"]) ~ " end", "', '", "order by need_id") }}
            as improved_needs
    from served
    group by activity_id
)

select
    activities.activity_id,
    activities.activity_title,
    activities.activity_type,
    activities.start_date,
    coalesce(per_activity.improves_performance, false) as improves_performance,
    coalesce(per_activity.improves_healthcare_quality, false) as improves_healthcare_quality,
    coalesce(per_activity.improves_patient_community_health, false) as improves_patient_community_health,
    per_activity.improved_needs
from activities
left join per_activity on per_activity.activity_id = activities.activity_id
