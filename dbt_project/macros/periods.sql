{#- Month arithmetic on first-of-month dates, through dbt's cross-database macros. -#}
{% macro period_to_date(period) -%}
    cast({{ dbt.concat([period, "'-01'"]) }} as date)
{%- endmacro %}

{% macro month_of(date_expression) -%}
    cast({{ dbt.date_trunc('month', date_expression) }} as date)
{%- endmacro %}

{% macro add_months(date_expression, months) -%}
    cast({{ dbt.dateadd('month', months, date_expression) }} as date)
{%- endmacro %}

{#- Last day of the month that starts at a first-of-month date. -#}
{% macro month_end(month_start) -%}
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, month_start)) }} as date)
{%- endmacro %}

{% macro months_between(start_month, end_month) -%}
    {{ dbt.datediff(start_month, end_month, 'month') }}
{%- endmacro %}

{#- Calendar year of a date, as an integer (standard EXTRACT; dispatched for adapters that differ). -#}
{% macro year_of(date_expression) -%}
    {{ return(adapter.dispatch('year_of', 'cme_pipeline')(date_expression)) }}
{%- endmacro %}

{% macro default__year_of(date_expression) -%}
    cast(extract(year from {{ date_expression }}) as integer)
{%- endmacro %}

{% macro sqlserver__year_of(date_expression) -%}
    datepart(year, {{ date_expression }})
{%- endmacro %}

{#- What a metric's numerator/denominator is multiplied by to read in its own units: events per 1,000
    (device- or patient-days) for rate_per_1000, the plain fraction for proportions and ratios. -#}
{% macro rate_scale(scoring) -%}
    case {{ scoring }} when 'rate_per_1000' then 1000.0 else 1.0 end
{%- endmacro %}
