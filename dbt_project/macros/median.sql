{#- The median as the standard ordered-set aggregate (DuckDB, Postgres, Snowflake, SQL Server, Redshift);
    dispatched so an adapter without it can supply its own. -#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'cme_pipeline')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}

{% macro bigquery__median(expression) -%}
    approx_quantiles({{ expression }}, 2)[offset(1)]
{%- endmacro %}
