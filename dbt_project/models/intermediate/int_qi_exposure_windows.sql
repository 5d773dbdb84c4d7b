-- One row per need and exposure that qi_impact estimates: the need's metric facts (int_qi_need_windows)
-- with the exposure's period and windows.
--   attendance: every need that links a metric; the period is its education (first to last session).
--   point_of_care: clinician-metric needs with a clinician exposed by point-of-care learning (an applied
--     look-up, not an attendee); the period runs from the first such look-up to the last, and the windows
--     span the exposed clinicians' own windows - those whose follow-up the data cover, or all of them
--     while none does yet (then the follow-up is not complete and no claim is made).
with windows as (
    select * from {{ ref('int_qi_need_windows') }}
),

look_ups as (
    select
        point_of_care.*,
        windows.latest_data_month >= {{ add_months('point_of_care.exposure_month', var('followup_months')) }}
            as followup_covered
    from {{ ref('int_point_of_care_exposure') }} as point_of_care
    inner join windows on windows.need_id = point_of_care.need_id
    where windows.unit_of_analysis = 'clinician' and not point_of_care.attended
),

covered as (
    select need_id, max(case when followup_covered then 1 else 0 end) = 1 as any_covered
    from look_ups
    group by need_id
),

point_of_care as (
    select
        look_ups.need_id,
        min(look_ups.first_applied_on) as education_start,
        max(look_ups.first_applied_on) as education_end,
        min(look_ups.exposure_month) as first_session_month,
        max(look_ups.exposure_month) as last_session_month,
        max(case when covered.any_covered then 1 else 0 end) = 1 as did_followup_complete
    from look_ups
    inner join covered on covered.need_id = look_ups.need_id
    where look_ups.followup_covered or not covered.any_covered
    group by look_ups.need_id
)

select windows.*, 'attendance' as exposure
from windows
union all
select
    windows.need_id,
    windows.metric_id,
    windows.metric_name,
    windows.unit_of_analysis,
    windows.improvement_notation,
    windows.scoring,
    windows.measure_type,
    windows.rate_scale,
    windows.rate_unit,
    windows.target_service_line,
    windows.target_professions,
    point_of_care.education_start,
    point_of_care.education_end,
    point_of_care.first_session_month,
    point_of_care.last_session_month,
    {{ months_between('point_of_care.first_session_month', 'point_of_care.last_session_month') }} + 1
        as education_months,
    {{ did_window_columns('point_of_care.first_session_month', 'point_of_care.last_session_month') }},
    cast(null as date) as its_followup_end,
    windows.latest_data_month,
    point_of_care.did_followup_complete,
    false as its_followup_complete,
    'point_of_care' as exposure
from point_of_care
inner join windows on windows.need_id = point_of_care.need_id
