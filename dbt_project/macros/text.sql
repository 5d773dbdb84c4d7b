{#- Text as its words: lower case, every run of characters other than letters and digits made one space,
    padded with a space at each end (" sep 1 bundle "). Dispatched: the regular-expression function and its
    flags differ by engine. -#}
{% macro normalized_words(expression) -%}
    {{ return(adapter.dispatch('normalized_words', 'cme_pipeline')(expression)) }}
{%- endmacro %}

{% macro default__normalized_words(expression) -%}
    {{ dbt.concat(["' '", "trim(regexp_replace(lower(" ~ expression ~ "), '[^a-z0-9]+', ' ', 'g'))", "' '"]) }}
{%- endmacro %}

{% macro spark__normalized_words(expression) -%}
    concat(' ', trim(regexp_replace(lower({{ expression }}), '[^a-z0-9]+', ' ')), ' ')
{%- endmacro %}

{#- Whether a text mentions a topic phrase: the phrase's words, in order, as whole words of the text, case
    and punctuation ignored ("SEP-1" matches "sep 1 bundle"; "line" does not match "guideline"). Both sides
    must already be normalized_words. -#}
{% macro mentions_phrase(normalized_text, normalized_phrase) -%}
    ({{ normalized_text }} like {{ dbt.concat(["'%'", normalized_phrase, "'%'"]) }} and trim({{ normalized_phrase }}) <> '')
{%- endmacro %}
