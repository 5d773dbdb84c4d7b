-- Practice-triggered demand for each need, by month: how many clinicians of its target audience looked up
-- its topic at the point of care, and how many of them say it changed a diagnosis or a treatment. A signal
-- beside the committee's word (int_point_of_care_need_matches has each matched question for audit).
with matches as (
    select * from {{ ref('int_point_of_care_need_matches') }}
),

audience as (
    select * from {{ ref('int_need_target_audience') }}
),

audience_sizes as (
    select need_id, count(distinct clinician_npi) as target_audience_size
    from audience
    group by need_id
),

asked as (
    select
        matches.need_id,
        {{ dbt.date_trunc('month', 'matches.entry_date') }} as period_start,
        matches.clinician_npi,
        matches.applied
    from matches
    inner join audience
        on audience.need_id = matches.need_id
        and audience.clinician_npi = matches.clinician_npi
)

select
    asked.need_id,
    cast(asked.period_start as date) as period_start,
    {{ as_count('count(distinct asked.clinician_npi)') }} as clinicians_asking,
    {{ as_count('count(distinct case when asked.applied then asked.clinician_npi end)') }} as clinicians_applying,
    {{ as_count('count(*)') }} as look_ups,
    {{ as_count('audience_sizes.target_audience_size') }} as target_audience_size
from asked
inner join audience_sizes on audience_sizes.need_id = asked.need_id
group by asked.need_id, asked.period_start, audience_sizes.target_audience_size
