{#- Statistics shared by the qi_impact designs, written once: the t quantile, interval bounds, p-values,
    the small-cell rule, rounding for publication and the unit a rate is read in. Plain SQL (exp, ln, sqrt,
    floor, case, a scalar subquery) so every warehouse runs the same arithmetic; anything an engine lacks is
    dispatched. -#}

{#- The two-sided 95% t quantile for `degrees_of_freedom` (seed reference.t_critical_values, exact to six
    decimals for 1-200 degrees of freedom); past the seed's last row, the normal quantile, within 0.02 of t. -#}
{% macro t_critical_975(degrees_of_freedom) -%}
    coalesce(
        (select max(t_table.t_975)
         from (select degrees_of_freedom as table_df, t_975 from {{ ref('t_critical_values') }}) as t_table
         where t_table.table_df = floor({{ degrees_of_freedom }})),
        {{ var('z_95') }}
    )
{%- endmacro %}

{#- Lower and upper ends of a t interval, as two columns `<name>_ci_low` and `<name>_ci_high`. -#}
{% macro t_interval(estimate, standard_error, degrees_of_freedom, name) -%}
    {{ estimate }} - {{ t_critical_975(degrees_of_freedom) }} * {{ standard_error }} as {{ name }}_ci_low,
    {{ estimate }} + {{ t_critical_975(degrees_of_freedom) }} * {{ standard_error }} as {{ name }}_ci_high
{%- endmacro %}

{#- P(Z > z) for a standard normal z >= 0: Abramowitz & Stegun 26.2.17, absolute error below 7.5e-8. -#}
{% macro normal_upper_tail(z) -%}
    (exp(-0.5 * ({{ z }}) * ({{ z }})) * 0.3989422804014327
     * (1.0 / (1.0 + 0.2316419 * ({{ z }})))
     * (0.319381530 + (1.0 / (1.0 + 0.2316419 * ({{ z }})))
        * (-0.356563782 + (1.0 / (1.0 + 0.2316419 * ({{ z }})))
        * (1.781477937 + (1.0 / (1.0 + 0.2316419 * ({{ z }})))
        * (-1.821255978 + (1.0 / (1.0 + 0.2316419 * ({{ z }}))) * 1.330274429)))))
{%- endmacro %}

{#- Two-sided p-value of a t statistic with `degrees_of_freedom` (null: normal). 1 and 2 degrees of freedom
    exactly; otherwise Hill's (1970, CACM algorithm 395) normalising transformation, then the normal tail.
    Checked against scipy: absolute error below 2.2e-5 at 3 degrees of freedom, 2.4e-6 at 4, 5e-7 from 5 on
    (tests/test_statistics_macros.py). -#}
{% macro two_sided_p_value(t_statistic, degrees_of_freedom) -%}
    {%- set t = "abs(" ~ t_statistic ~ ")" -%}
    {%- set n = "(" ~ degrees_of_freedom ~ ")" -%}
    {%- set a = "(" ~ n ~ " - 0.5)" -%}
    {%- set b = "(48.0 * " ~ a ~ " * " ~ a ~ ")" -%}
    {%- set y = "(" ~ a ~ " * ln(1.0 + " ~ t ~ " * " ~ t ~ " / " ~ n ~ "))" -%}
    {%- set z = "((((((-0.4 * " ~ y ~ " - 3.3) * " ~ y ~ " - 24.0) * " ~ y ~ " - 85.5) / (0.8 * " ~ y ~ " * " ~ y
        ~ " + 100.0 + " ~ b ~ ") + " ~ y ~ " + 3.0) / " ~ b ~ " + 1.0) * sqrt(" ~ y ~ "))" -%}
    (case
        when {{ t_statistic }} is null then null
        when {{ degrees_of_freedom }} is null then 2.0 * {{ normal_upper_tail(t) }}
        when {{ degrees_of_freedom }} < 1 then null
        when {{ degrees_of_freedom }} < 2 then 1.0 - 2.0 / 3.141592653589793 * atan({{ t }})
        when {{ degrees_of_freedom }} < 3 then 1.0 - {{ t }} / sqrt({{ t }} * {{ t }} + 2.0)
        else least(1.0, 2.0 * {{ normal_upper_tail(z) }})
    end)
{%- endmacro %}

{#- The small-cell rule (CMS cell-size policy, docs/domain.md): a count from 1 to min_denominator - 1 is not
    published. Zero may be; null is not small. -#}
{% macro is_small_cell(count_expression) -%}
    coalesce({{ count_expression }} between 1 and {{ var('min_denominator') }} - 1, false)
{%- endmacro %}

{#- A published statistic rounded to `digits` significant digits (dbt var published_significant_digits), so a
    rerun on the same inbox publishes the same value whatever order the engine summed in. Claims are decided on
    the unrounded value, before this. -#}
{% macro round_significant(expression, digits=none) -%}
    {{ return(adapter.dispatch('round_significant', 'cme_pipeline')(expression, digits or var('published_significant_digits'))) }}
{%- endmacro %}

{% macro default__round_significant(expression, digits) -%}
    (case
        when {{ expression }} is null or {{ expression }} = 0 then {{ expression }}
        else round({{ expression }},
                   cast({{ digits }} - 1 - floor(log10(abs({{ expression }}))) as {{ dbt.type_int() }}))
    end)
{%- endmacro %}

{#- How a metric's rates read: a proportion from 0 to 1, events per 1,000 of the denominator's days, or an
    observed/expected ratio. Effects and intervals are in the same unit. -#}
{% macro rate_unit(scoring, denominator_definition) -%}
    (case {{ scoring }}
        when 'proportion' then 'proportion (0-1)'
        when 'rate_per_1000' then {{ dbt.concat(["'per 1,000 '", "lower(coalesce(" ~ denominator_definition ~ ", 'denominator units'))"]) }}
        when 'ratio' then 'observed/expected ratio'
        else {{ scoring }}
    end)
{%- endmacro %}

{#- Counts are published as 64-bit integers: a sum of integers is a HUGEINT in DuckDB, which pandas reads
    as a float and Parquet stores as a double. -#}
{% macro as_count(expression) -%}
    cast({{ expression }} as {{ dbt.type_bigint() }})
{%- endmacro %}

{#- Calendar month 1-12 of a date (seasonal terms). -#}
{% macro month_of_year(date_expression) -%}
    {{ return(adapter.dispatch('month_of_year', 'cme_pipeline')(date_expression)) }}
{%- endmacro %}

{% macro default__month_of_year(date_expression) -%}
    cast(extract(month from {{ date_expression }}) as {{ dbt.type_int() }})
{%- endmacro %}

{#- True when the 95% t interval of an estimate lies wholly on the metric's better side of zero. -#}
{% macro interval_shows_improvement(estimate, standard_error, degrees_of_freedom, improvement_notation) -%}
    coalesce(case {{ improvement_notation }}
        when 'increase' then {{ estimate }} - {{ t_critical_975(degrees_of_freedom) }} * {{ standard_error }} > 0
        when 'decrease' then {{ estimate }} + {{ t_critical_975(degrees_of_freedom) }} * {{ standard_error }} < 0
    end, false)
{%- endmacro %}

{#- True when the check's two-sided p-value is below 1 - design_check_level (its interval at that level
    excludes zero). -#}
{% macro check_rejects(estimate, standard_error, degrees_of_freedom) -%}
    coalesce({{ two_sided_p_value('(' ~ estimate ~ ') / nullif(' ~ standard_error ~ ', 0)', degrees_of_freedom) }}
             < 1.0 - {{ var('design_check_level') }}, false)
{%- endmacro %}

{#- A number for a sentence: two significant digits, as text. -#}
{% macro say_number(expression) -%}
    {{ dbt.cast(round_significant(expression, 2), dbt.type_string()) }}
{%- endmacro %}

{#- Two estimates of one effect agree when both or neither are significant at the 95% level, and when both
    are, they point the same way. -#}
{% macro estimates_agree(first, first_se, first_df, second, second_se, second_df) -%}
    {%- set first_significant = "coalesce(" ~ two_sided_p_value(first ~ " / nullif(" ~ first_se ~ ", 0)", first_df) ~ " < 0.05, false)" -%}
    {%- set second_significant = "coalesce(" ~ two_sided_p_value(second ~ " / nullif(" ~ second_se ~ ", 0)", second_df) ~ " < 0.05, false)" -%}
    ({{ first_significant }} = {{ second_significant }}
     and (not {{ first_significant }} or sign({{ first }}) = sign({{ second }})))
{%- endmacro %}
