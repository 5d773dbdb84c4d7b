-- One row per need that links a metric: the metric's grain, direction and unit, and the windows around
-- the need's education (first to last session of any linked activity; the months it ran in belong to
-- no window).
--   difference-in-differences: baseline = the `baseline_months` full months before the first session's
--     month; follow-up = the `followup_months` full months after the last session's month.
--   interrupted time series: every month before the education; follow-up = up to `its_followup_months`
--     after it.
-- A follow-up window is complete when the metric's data reach its last month; no claim is made before.
with education as (
    select * from {{ ref('int_need_education') }}
    where metric_id is not null
),

metrics as (
    select * from {{ ref('stg_metric_catalog') }}
),

latest_data as (
    select metric_id, max(period_start) as latest_data_month
    from {{ ref('stg_metric_values') }}
    group by metric_id
),

months as (
    select
        education.*,
        {{ month_of('education.education_start') }} as first_session_month,
        {{ month_of('education.education_end') }} as last_session_month
    from education
),

windows as (
    select
        months.need_id,
        months.metric_id,
        metrics.metric_name,
        metrics.unit_of_analysis,
        metrics.improvement_notation,
        metrics.scoring,
        metrics.measure_type,
        {{ rate_scale('metrics.scoring') }} as rate_scale,
        {{ rate_unit('metrics.scoring', 'metrics.denominator_definition') }} as rate_unit,
        months.target_service_line,
        months.target_professions,
        months.education_start,
        months.education_end,
        months.first_session_month,
        months.last_session_month,
        {{ months_between('months.first_session_month', 'months.last_session_month') }} + 1 as education_months,
        {{ did_window_columns('months.first_session_month', 'months.last_session_month') }},
        {{ month_end(add_months('months.last_session_month', var('its_followup_months'))) }} as its_followup_end,
        latest_data.latest_data_month
    from months
    inner join metrics on metrics.metric_id = months.metric_id
    left join latest_data on latest_data.metric_id = months.metric_id
)

select
    windows.*,
    coalesce(latest_data_month >= {{ month_of('followup_end') }}, false) as did_followup_complete,
    coalesce(latest_data_month >= {{ month_of('its_followup_end') }}, false) as its_followup_complete
from windows
