-- Interrupted time series: segmented least-squares regression of the exposed group's monthly rate on
--   1, t (months from the first session's month), post (after the education), t_post (months since the
--   first follow-up month, 0 before it) and, for series of `its_seasonal_min_months` or more, one pair of
--   harmonic seasonal terms (sine and cosine of the calendar month).
-- The months the education ran in are left out. The effect is the level change at the first follow-up
-- month: the observed level minus the pre-period trend carried forward. Its interval is Newey-West's, with
-- t quantiles on n - p degrees of freedom, never narrower than plain OLS's, OLS's widened for AR(1)
-- residuals, or the spread of in-time placebo level changes (below). The trend change is estimated
-- too. The design's assumption - the pre-period trend would have gone on - is checked by a placebo: the
-- same model fitted to the pre-period alone with a pretend education at its middle month.
-- Attendance only: point-of-care exposure is a clinician's own event, estimated against a comparison group.
with design as (
    select need_id, exposure from {{ ref('int_qi_need_design') }}
    where method = 'interrupted_time_series' and exposure = 'attendance'
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
    inner join design on design.need_id = monthly.need_id and design.exposure = monthly.exposure
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

-- The placebo: pre-period months only, a pretend education starting at the middle pre-period month, with
-- the seasonal terms whenever the main fit has them (a season left in would look like a break).
placebo_series as (
    select
        pre.*,
        case when pre.t >= pre.middle_month then 1.0 else 0.0 end as placebo_post,
        case when pre.t >= pre.middle_month then pre.t - pre.middle_month else 0.0 end as placebo_t_post
    from (
        select
            seasonal.*,
            floor((min(t) over (partition by need_id) + max(t) over (partition by need_id) + 1) / 2.0) as middle_month
        from seasonal
        where post = 0
    ) as pre
),

-- In-time placebos: the same model fitted to the pre-period alone with a pretend education at every month
-- that leaves at least `its_placebo_min_months` months either side. Each placebo level change over its own
-- OLS standard error says how much wider than OLS a level change really varies where nothing happened -
-- system-wide shocks that persist for months included, which Newey-West on a few dozen months misses.
-- With at least `its_placebo_min_fits` placebos, the effect's standard error is never smaller than its OLS
-- standard error times their root mean square.
placebo_breaks as (
    select candidates.need_id, candidates.t as break_month
    from (select distinct need_id, t from seasonal where post = 0) as candidates
    inner join (select need_id, min(t) as first_month from seasonal where post = 0 group by need_id) as spans
        on spans.need_id = candidates.need_id
    where candidates.t - spans.first_month >= {{ var('its_placebo_min_months') }}
        and candidates.t <= -{{ var('its_placebo_min_months') }}
),

placebo_grid_series as (
    select
        placebo_breaks.break_month,
        seasonal.*,
        case when seasonal.t >= placebo_breaks.break_month then 1.0 else 0.0 end as grid_post,
        case when seasonal.t >= placebo_breaks.break_month then seasonal.t - placebo_breaks.break_month else 0.0 end
            as grid_t_post
    from placebo_breaks
    inner join seasonal
        on seasonal.need_id = placebo_breaks.need_id
        and seasonal.post = 0
        and seasonal.t < placebo_breaks.break_month + {{ var('its_followup_months') }}
),

placebo_grid as (
    {{ ols_coefficient('placebo_grid_series', ['need_id', 'break_month'], 'rate', 'grid_post',
                       ['1.0', 't', 'grid_t_post', 'season_sine', 'season_cosine'],
                       time_index='t', lag=var('newey_west_lag')) }}
),

placebo_spread as (
    select
        need_id,
        count(*) as placebo_fits,
        sqrt(avg(coefficient * coefficient / (standard_error_ols * standard_error_ols))) as placebo_inflation
    from placebo_grid
    where coefficient is not null and standard_error_ols > 0
    group by need_id
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
                       ['1.0', 't', 'placebo_t_post', 'season_sine', 'season_cosine'],
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
    'attendance' as exposure,
    {{ as_count('summary.pre_months') }} as pre_months,
    {{ as_count('summary.post_months') }} as post_months,
    summary.baseline_rate,
    summary.followup_rate,
    summary.min_window_denominator,
    summary.min_window_numerator,
    summary.seasonal,
    level_change.coefficient as its_effect,
    greatest(
        level_change.standard_error_robust, level_change.standard_error_ols, level_change.standard_error_ar1,
        case when placebo_spread.placebo_fits >= {{ var('its_placebo_min_fits') }}
             then level_change.standard_error_ols * placebo_spread.placebo_inflation end
    ) as its_standard_error,
    {{ as_count('coalesce(placebo_spread.placebo_fits, 0)') }} as placebo_fits,
    placebo_spread.placebo_inflation,
    level_change.degrees_of_freedom as its_degrees_of_freedom,
    level_change.robust_lag as newey_west_lag,
    trend_change.coefficient as trend_change,
    greatest(trend_change.standard_error_robust, trend_change.standard_error_ols, trend_change.standard_error_ar1) as trend_change_standard_error,
    pre_trend.coefficient as pre_trend,
    placebo.coefficient as placebo_effect,
    greatest(placebo.standard_error_robust, placebo.standard_error_ols, placebo.standard_error_ar1) as placebo_standard_error,
    placebo.degrees_of_freedom as placebo_degrees_of_freedom
from summary
left join level_change on level_change.need_id = summary.need_id
left join trend_change on trend_change.need_id = summary.need_id
left join pre_trend on pre_trend.need_id = summary.need_id
left join placebo on placebo.need_id = summary.need_id
left join placebo_spread on placebo_spread.need_id = summary.need_id
