-- One row per need that links a metric: the metric's grain and direction, and the baseline and
-- follow-up windows around the need's education period. Baseline = the `baseline_months` full
-- months before the month of the first session; follow-up = the `followup_months` full months
-- after the month of the last session. Needs with no education yet have no windows.
with education as (
    select * from {{ ref('int_need_education') }}
    where metric_id is not null
),

metrics as (
    select * from {{ ref('stg_metric_catalog') }}
),

months as (
    select
        education.*,
        {{ month_of('education.education_start') }} as first_session_month,
        {{ month_of('education.education_end') }} as last_session_month
    from education
)

select
    months.need_id,
    months.metric_id,
    metrics.metric_name,
    metrics.unit_of_analysis,
    metrics.improvement_notation,
    metrics.scoring,
    metrics.measure_type,
    case metrics.unit_of_analysis
        when 'service_line' then 'pre_post'
        else 'did'
    end as method,
    {{ rate_scale('metrics.scoring') }} as rate_scale,
    months.target_service_line,
    months.target_professions,
    months.education_start,
    months.education_end,
    {{ add_months('months.first_session_month', -var('baseline_months')) }} as baseline_start,
    {{ month_end(add_months('months.first_session_month', -1)) }} as baseline_end,
    {{ add_months('months.last_session_month', 1) }} as followup_start,
    {{ month_end(add_months('months.last_session_month', var('followup_months'))) }} as followup_end
from months
inner join metrics on metrics.metric_id = months.metric_id
