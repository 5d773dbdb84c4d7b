{#- Least squares for one coefficient per group, in plain SQL.

    By the Frisch-Waugh-Lovell theorem the coefficient of `target` in the regression of `response` on
    `target` and `nuisance` equals the slope of the response on what is left of `target` once the nuisance
    columns are projected out. The projection is modified Gram-Schmidt: one nuisance column at a time is
    normalised and projected out of the columns after it, using only sums over the group (window functions
    every warehouse has). A nuisance column that is (numerically) a combination of the earlier ones is
    dropped, so a seasonal term can be switched off by setting it to zero.

    Returns one row per group with:
      observations, parameters, degrees_of_freedom (observations - parameters), coefficient,
      standard_error_ols     - the classical standard error (homoskedastic, independent errors),
      standard_error_robust  - with `cluster`: cluster-robust (scores summed within each cluster, Stata's CR1
                               factor); with `time_index`: Newey-West (Bartlett weights 1 - l/(L+1) on every
                               pair of observations l months apart, l <= L, counted on the calendar, so a gap
                               in the series is a gap), times n/(n - p) as Stata's newey does; with neither:
                               White's heteroskedasticity-robust HC1,
      clusters               - with `cluster`: how many (t quantiles then want clusters - 1 degrees of freedom),
      standard_error_ar1     - with `time_index`: the OLS standard error inflated by sqrt((1 + rho) / (1 - rho)),
                               rho the residuals' lag-1 autocorrelation, bias-corrected (+ (1 + 3 rho) / n) and
                               kept in [0, 0.9]; without it, the OLS standard error,
      residual_autocorrelation - that rho,
      robust_lag             - L: `lag` when given, else floor(4 (n/100)^(2/9)) (Newey & West 1994), at most
                               `max_lag`.
    `weight` makes it weighted least squares (every column is multiplied by sqrt(weight) first).

    Arguments are SQL expressions over `relation`'s columns; `group_by` is a list of column names. -#}
{% macro ols_coefficient(relation, group_by, response, target, nuisance, time_index=none, weight=none, lag=none, max_lag=12, cluster=none) -%}
{%- set groups = group_by | join(', ') -%}
{%- set window = "over (partition by " ~ groups ~ ")" -%}
{%- set k = nuisance | length -%}
{%- set sqrt_weight = "sqrt(" ~ weight ~ ")" if weight else "1.0" -%}
with design_0 as (
    select
        {{ groups }},
        {{ time_index if time_index else 'cast(null as ' ~ dbt.type_int() ~ ')' }} as time_index,
        {{ cluster if cluster else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as cluster_id,
        {%- for column in nuisance %}
        {{ sqrt_weight }} * ({{ column }}) as x{{ loop.index }},
        {%- endfor %}
        {{ sqrt_weight }} * ({{ target }}) as x_target,
        {{ sqrt_weight }} * ({{ response }}) as y
    from {{ relation }}
    where ({{ response }}) is not null and ({{ target }}) is not null
        {%- if weight %} and ({{ weight }}) > 0{% endif %}
),

design_0_scaled as (
    select
        design_0.*,
        {%- for j in range(1, k + 1) %}
        sum(x{{ j }} * x{{ j }}) {{ window }} as original_ss{{ j }},
        {%- endfor %}
        sum(x_target * x_target) {{ window }} as original_ss_target
    from design_0
),
{%- for j in range(1, k + 1) %}

-- Nuisance column {{ j }}: normalise it, then project it out of every later column and the response.
design_{{ j }}_norm as (
    select design_{{ j - 1 }}{{ '_scaled' if j == 1 else '' }}.*, sum(x{{ j }} * x{{ j }}) {{ window }} as ss{{ j }}
    from design_{{ j - 1 }}{{ '_scaled' if j == 1 else '' }}
),

design_{{ j }} as (
    select
        {{ groups }}, time_index, cluster_id, original_ss_target,
        {%- for i in range(1, j) %} rank{{ i }},{% endfor %}
        rank{{ j }},
        {%- for i in range(j + 1, k + 1) %}
        original_ss{{ i }},
        x{{ i }} - sum(x{{ i }} * q) {{ window }} * q as x{{ i }},
        {%- endfor %}
        x_target - sum(x_target * q) {{ window }} * q as x_target,
        y - sum(y * q) {{ window }} * q as y
    from (
        select
            design_{{ j }}_norm.*,
            case when ss{{ j }} > 1e-10 * original_ss{{ j }} then x{{ j }} / sqrt(ss{{ j }}) else 0.0 end as q,
            case when ss{{ j }} > 1e-10 * original_ss{{ j }} then 1 else 0 end as rank{{ j }}
        from design_{{ j }}_norm
    ) as normalised
),
{%- endfor %}

fitted as (
    select
        design_{{ k }}.*,
        sum(x_target * y) {{ window }} / nullif(sum(x_target * x_target) {{ window }}, 0) as coefficient,
        sum(x_target * x_target) {{ window }} as target_ss,
        count(*) {{ window }} as observations,
        1 {%- for j in range(1, k + 1) %} + rank{{ j }}{% endfor %} as parameters
    from design_{{ k }}
),

residuals as (
    select
        fitted.*,
        y - coefficient * x_target as residual,
        x_target * (y - coefficient * x_target) as score
    from fitted
),

per_group as (
    select
        {{ groups }},
        max(observations) as observations,
        max(parameters) as parameters,
        max(coefficient) as coefficient,
        max(target_ss) as target_ss,
        max(original_ss_target) as original_ss_target,
        sum(residual * residual) as residual_ss,
        sum(score * score) as score_ss,
        {%- if lag is not none %}
        cast({{ lag }} as {{ dbt.type_int() }}) as robust_lag
        {%- elif time_index %}
        cast(least({{ max_lag }}, floor(4.0 * power(max(observations) / 100.0, 2.0 / 9.0))) as {{ dbt.type_int() }})
            as robust_lag
        {%- else %}
        cast(0 as {{ dbt.type_int() }}) as robust_lag
        {%- endif %}
    from residuals
    group by {{ groups }}
),

{%- if cluster %}

-- Cluster-robust: each cluster's scores summed first, so any correlation within a cluster is allowed.
clustered as (
    select {{ groups }}, sum(score) as cluster_score
    from residuals
    group by {{ groups }}, cluster_id
),

cluster_totals as (
    select {{ groups }}, sum(cluster_score * cluster_score) as cluster_score_ss, count(*) as clusters
    from clustered
    group by {{ groups }}
),
{%- endif %}

{%- if time_index %}

-- First-order autocorrelation of the residuals, over observations one month apart.
residual_lag_one as (
    select
        {%- for column in group_by %}
        earlier.{{ column }},
        {%- endfor %}
        sum(earlier.residual * later.residual) / count(*) as lag_one_product
    from residuals as earlier
    inner join residuals as later
        on {% for column in group_by %}later.{{ column }} = earlier.{{ column }} and {% endfor %}later.time_index = earlier.time_index + 1
    group by {% for column in group_by %}earlier.{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}
),

-- Newey-West: weighted products of the scores of observations 1..L months apart.
autocovariance as (
    select
        {%- for column in group_by %}
        earlier.{{ column }},
        {%- endfor %}
        sum((1.0 - (later.time_index - earlier.time_index) / (per_group.robust_lag + 1.0)) * earlier.score * later.score)
            as lagged_score_products
    from residuals as earlier
    inner join residuals as later
        on {% for column in group_by %}later.{{ column }} = earlier.{{ column }} and {% endfor %}later.time_index > earlier.time_index
    inner join per_group
        on {% for column in group_by %}per_group.{{ column }} = earlier.{{ column }} and {% endfor %}later.time_index - earlier.time_index <= per_group.robust_lag
    group by {% for column in group_by %}earlier.{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}
),
{%- endif %}

estimates as (
    select
        per_group.*,
        per_group.target_ss > 1e-10 * per_group.original_ss_target and per_group.observations > per_group.parameters
            as identified,
        {%- if cluster %}
        -- Stata's CR1 small-sample factor G/(G-1) (n-1)/(n-p), with n/(n-p) applied below.
        cluster_totals.cluster_score_ss * cluster_totals.clusters / nullif(cluster_totals.clusters - 1.0, 0)
            * (per_group.observations - 1.0) / per_group.observations as long_run_score_ss,
        cluster_totals.clusters,
        {%- else %}
        per_group.score_ss {% if time_index %}+ 2.0 * coalesce(autocovariance.lagged_score_products, 0.0){% endif %}
            as long_run_score_ss,
        cast(null as {{ dbt.type_bigint() }}) as clusters,
        {%- endif %}
        {%- if time_index %}
        -- The residuals' lag-1 autocorrelation, corrected for its small-sample bias towards zero
        -- (Marriott & Pope 1954: + (1 + 3 rho) / n), kept within [0, 0.9].
        least(0.9, greatest(0.0,
            residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0)
            + (1.0 + 3.0 * residual_lag_one.lag_one_product / nullif(per_group.residual_ss / per_group.observations, 0))
              / per_group.observations
        )) as residual_autocorrelation
        {%- else %}
        cast(null as {{ dbt.type_float() }}) as residual_autocorrelation
        {%- endif %}
    from per_group
    {%- if cluster %}
    left join cluster_totals
        on {% for column in group_by %}cluster_totals.{{ column }} = per_group.{{ column }}{% if not loop.last %} and {% endif %}{% endfor %}
    {%- endif %}
    {%- if time_index %}
    left join autocovariance
        on {% for column in group_by %}autocovariance.{{ column }} = per_group.{{ column }}{% if not loop.last %} and {% endif %}{% endfor %}
    left join residual_lag_one
        on {% for column in group_by %}residual_lag_one.{{ column }} = per_group.{{ column }}{% if not loop.last %} and {% endif %}{% endfor %}
    {%- endif %}
)

select
    {{ groups }},
    observations,
    parameters,
    observations - parameters as degrees_of_freedom,
    case when identified then coefficient end as coefficient,
    case when identified then sqrt(residual_ss / (observations - parameters) / target_ss) end as standard_error_ols,
    case when identified
        then sqrt(greatest(long_run_score_ss, 0.0) * observations / (observations - parameters)) / target_ss
    end as standard_error_robust,
    -- Plain OLS inflated as for AR(1) errors, sqrt((1 + rho) / (1 - rho)): a floor for short series, on which
    -- Newey-West is known to come out too narrow.
    case when identified
        then sqrt(residual_ss / (observations - parameters) / target_ss)
             * sqrt((1.0 + coalesce(residual_autocorrelation, 0.0)) / (1.0 - coalesce(residual_autocorrelation, 0.0)))
    end as standard_error_ar1,
    residual_autocorrelation,
    clusters,
    robust_lag
from estimates
{%- endmacro %}
