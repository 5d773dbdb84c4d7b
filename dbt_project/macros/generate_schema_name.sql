{#- Layer schemas are used as named (staging, intermediate, marts), not prefixed with the target's schema,
    so BI users and the publish step find them at the same names on every warehouse. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
