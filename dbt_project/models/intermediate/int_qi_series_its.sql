-- Interrupted time series: segmented least-squares regression of the exposed group's monthly rate on
--   1, t (months from the first session's month), post (after the education), t_post (months since the
--   first follow-up month, 0 before it) and, for series of `its_seasonal_min_months` or more, one pair of
--   harmonic seasonal terms (sine and cosine of the calendar month).
-- The months the education ran in are left out. The effect is the level change at the first follow-up
-- month: the observed level minus the pre-period trend carried forward. Its interval is Newey-West's, never
-- narrower than plain OLS's, with t quantiles on n - p degrees of freedom. The trend change is estimated
-- too. The design's assumption - the pre-period trend would have gone on - is checked by a placebo: the
-- same model fitted to the pre-period alone with a pretend education at its middle month.
with design as (
    select need_id from {{ ref('int_qi_need_design') }}
    where method = 'interrupted_time_series'
),

series as (
    select
        monthly.need_id,
        monthly.relative_month as t,
        monthly.calendar_month,
        monthly.numerator,
        monthly.denominator,
        monthly.numerator / monthly.denominator as rate,
        case when monthly.phase = 'post' then 1.0 else 0.0 end as post,
        case when monthly.phase = 'post' then monthly.months_after_education - 1.0 else 0.0 end as t_post
    from {{ ref('int_qi_group_monthly') }} as monthly
    inner join design on design.need_id = monthly.need_id
    where monthly.is_exposed
        and (
            monthly.phase = 'pre'
            {%- if var('its_max_baseline_months') %}
            and monthly.relative_month >= -{{ var('its_max_baseline_months') }}
            {%- endif %}
            or monthly.phase = 'post' and monthly.months_after_education <= {{ var('its_followup_months') }}
        )
),

seasonal as (
    select
        series.*,
        case when count(*) over (partition by need_id) >= {{ var('its_seasonal_min_months') }}
             then sin(2.0 * 3.141592653589793 * calendar_month / 12.0) else 0.0 end as season_sine,
        case when count(*) over (partition by need_id) >= {{ var('its_seasonal_min_months') }}
             then cos(2.0 * 3.141592653589793 * calendar_month / 12.0) else 0.0 end as season_cosine
    from series
),

-- The placebo: pre-period months only, a pretend education starting at the middle pre-period month.
placebo_series as (
    select
        pre.*,
        case when pre.t >= pre.middle_month then 1.0 else 0.0 end as placebo_post,
        case when pre.t >= pre.middle_month then pre.t - pre.middle_month else 0.0 end as placebo_t_post,
        case when pre.pre_months >= {{ var('its_seasonal_min_months') }}
             then sin(2.0 * 3.141592653589793 * pre.calendar_month / 12.0) else 0.0 end as placebo_season_sine,
        case when pre.pre_months >= {{ var('its_seasonal_min_months') }}
             then cos(2.0 * 3.141592653589793 * pre.calendar_month / 12.0) else 0.0 end as placebo_season_cosine
    from (
        select
            series.*,
            count(*) over (partition by need_id) as pre_months,
            floor((min(t) over (partition by need_id) + max(t) over (partition by need_id) + 1) / 2.0) as middle_month
        from series
        where post = 0
    ) as pre
),

level_change as (
    {{ ols_coefficient('seasonal', ['need_id'], 'rate', 'post', ['1.0', 't', 't_post', 'season_sine', 'season_cosine'],
                       time_index='t', lag=var('newey_west_lag')) }}
),

trend_change as (
    {{ ols_coefficient('seasonal', ['need_id'], 'rate', 't_post', ['1.0', 't', 'post', 'season_sine', 'season_cosine'],
                       time_index='t', lag=var('newey_west_lag')) }}
),

pre_trend as (
    {{ ols_coefficient('seasonal', ['need_id'], 'rate', 't', ['1.0', 'post', 't_post', 'season_sine', 'season_cosine'],
                       time_index='t', lag=var('newey_west_lag')) }}
),

placebo as (
    {{ ols_coefficient('placebo_series', ['need_id'], 'rate', 'placebo_post',
                       ['1.0', 't', 'placebo_t_post', 'placebo_season_sine', 'placebo_season_cosine'],
                       time_index='t', lag=var('newey_west_lag')) }}
),

summary as (
    select
        need_id,
        sum(case when post = 0 then 1 else 0 end) as pre_months,
        sum(case when post = 1 then 1 else 0 end) as post_months,
        sum(case when post = 0 then numerator end) / sum(case when post = 0 then denominator end) as baseline_rate,
        sum(case when post = 1 then numerator end) / sum(case when post = 1 then denominator end) as followup_rate,
        least(
            coalesce(sum(case when post = 0 then denominator end), 0),
            coalesce(sum(case when post = 1 then denominator end), 0)
        ) as min_window_denominator,
        least(
            coalesce(sum(case when post = 0 then numerator end), 0),
            coalesce(sum(case when post = 1 then numerator end), 0)
        ) as min_window_numerator,
        max(season_sine * season_sine + season_cosine * season_cosine) > 0 as seasonal
    from seasonal
    group by need_id
)

select
    summary.need_id,
    {{ as_count('summary.pre_months') }} as pre_months,
    {{ as_count('summary.post_months') }} as post_months,
    summary.baseline_rate,
    summary.followup_rate,
    summary.min_window_denominator,
    summary.min_window_numerator,
    summary.seasonal,
    level_change.coefficient as its_effect,
    greatest(level_change.standard_error_robust, level_change.standard_error_ols) as its_standard_error,
    level_change.degrees_of_freedom as its_degrees_of_freedom,
    level_change.robust_lag as newey_west_lag,
    trend_change.coefficient as trend_change,
    greatest(trend_change.standard_error_robust, trend_change.standard_error_ols) as trend_change_standard_error,
    pre_trend.coefficient as pre_trend,
    placebo.coefficient as placebo_effect,
    greatest(placebo.standard_error_robust, placebo.standard_error_ols) as placebo_standard_error,
    placebo.degrees_of_freedom as placebo_degrees_of_freedom
from summary
left join level_change on level_change.need_id = summary.need_id
left join trend_change on trend_change.need_id = summary.need_id
left join pre_trend on pre_trend.need_id = summary.need_id
left join placebo on placebo.need_id = summary.need_id
