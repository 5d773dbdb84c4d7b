-- Per need: was it addressed, whom did the education reach, and where does its metric stand.
with needs as (
    select * from {{ ref('stg_needs') }}
),

education as (
    select * from {{ ref('int_need_education') }}
),

audience as (
    select need_id, count(*) as target_audience_size
    from {{ ref('int_need_target_audience') }}
    group by need_id
),

learners as (
    select * from {{ ref('int_need_learners') }}
),

reach as (
    select
        learners.need_id,
        count(*) as learners_reached,
        sum(case when in_audience.clinician_npi is not null then 1 else 0 end) as target_audience_reached
    from learners
    left join {{ ref('int_need_target_audience') }} as in_audience
        on in_audience.need_id = learners.need_id
        and in_audience.clinician_npi = learners.clinician_npi
    group by learners.need_id
),

impact as (
    select * from {{ ref('qi_impact') }}
)

select
    needs.need_id,
    needs.source_type,
    needs.source_name,
    needs.identified_on,
    needs.practice_gap,
    needs.priority,
    needs.target_service_line,
    needs.target_professions,
    needs.metric_id,
    needs.target_value,
    education.linked_activities,
    education.sessions,
    education.education_start,
    education.education_end,
    coalesce(audience.target_audience_size, 0) as target_audience_size,
    coalesce(reach.learners_reached, 0) as learners_reached,
    coalesce(reach.target_audience_reached, 0) as target_audience_reached,
    1.0 * coalesce(reach.target_audience_reached, 0) / nullif(audience.target_audience_size, 0) as reach_share,
    case
        when education.sessions = 0 then 'not yet addressed'
        when needs.metric_id is null then 'addressed, no metric'
        when impact.need_id is null or impact.followup_end is null then 'measuring'
        when impact.suppressed or not impact.sufficient_data then 'insufficient data'
        when impact.improved then 'improved'
        else 'not improved'
    end as status
from needs
inner join education on education.need_id = needs.need_id
left join audience on audience.need_id = needs.need_id
left join reach on reach.need_id = needs.need_id
left join impact on impact.need_id = needs.need_id
