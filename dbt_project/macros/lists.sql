{#- Pipe-separated lists (`a|b`) from the inbox, exploded without adapter-specific unnest:
    join to a small positions table and take dbt.split_part, which every adapter implements. -#}
{% macro list_positions(max_items=20) -%}
    {%- for position in range(1, max_items + 1) %}
    select {{ position }} as position{% if not loop.last %} union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{% macro pipe_list_item(list_column, position_column) -%}
    trim({{ dbt.split_part(list_column, "'|'", position_column) }})
{%- endmacro %}

{#- True when a pipe list contains a value; an empty list means "everyone" to the caller. -#}
{% macro pipe_list_contains(list_column, value) -%}
    ({{ dbt.concat(["'|'", list_column, "'|'"]) }} like {{ dbt.concat(["'%|'", value, "'|%'"]) }})
{%- endmacro %}
