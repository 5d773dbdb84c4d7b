{#- Month partitions: the month-grained models (tag `monthly`) rebuild only the months a run names.

    The run passes `months`, a list of 'YYYY-MM' strings (Dagster's partition window, or the months the
    ingest ledger says a delivery touched). An incremental build first deletes those months from the model
    and then inserts what the months hold now, so a month whose rows disappeared upstream (a withdrawn or
    restated file) is rebuilt, not left stale. Without `months` (a first build, `--full-refresh`, or dbt run
    by hand) every month is rebuilt. -#}

{% macro run_months() -%}
    {%- set months = var('months', none) -%}
    {%- if months is string -%}
        {%- set months = months.split(',') | map('trim') | reject('equalto', '') | list -%}
    {%- endif -%}
    {%- for month in months or [] -%}
        {%- if not modules.re.fullmatch('[0-9]{4}-(0[1-9]|1[0-2])', month | string) -%}
            {{ exceptions.raise_compiler_error("var months: '" ~ month ~ "' is not a month (expected YYYY-MM)") }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(months) }}
{%- endmacro %}

{#- A condition on a 'YYYY-MM' column (as_date=false) or a first-of-month date column (as_date=true):
    in an incremental build, true for the pending months (or the months var); in a full build, for every row. -#}
{% macro in_run_months(column, as_date=false) -%}
    {%- set months = run_months() -%}
    {%- if not is_incremental() -%}
        1 = 1
    {%- elif months is none -%}
        {%- set pending = source('raw', '_pending_months') -%}
        {%- if as_date -%}
            {{ column }} in (select {{ period_to_date('period') }} from {{ pending }})
        {%- else -%}
            {{ column }} in (select period from {{ pending }})
        {%- endif -%}
    {%- elif months | length == 0 -%}
        1 = 0
    {%- elif as_date -%}
        {{ column }} in ({% for month in months %}cast('{{ month }}-01' as date){% if not loop.last %}, {% endif %}{% endfor %})
    {%- else -%}
        {{ column }} in ({% for month in months %}'{{ month }}'{% if not loop.last %}, {% endif %}{% endfor %})
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of a month-grained incremental model: take the run's months out before they are inserted again. -#}
{% macro delete_run_months(column, as_date=false) -%}
    {{ return(adapter.dispatch('delete_run_months', 'cme_pipeline')(column, as_date)) }}
{%- endmacro %}

{% macro default__delete_run_months(column, as_date) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ in_run_months(column, as_date) }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
