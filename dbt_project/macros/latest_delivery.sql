{#- The contract: a row re-delivered with the same key replaces the earlier one, the later file
    (by name order) winning, and within one file the later line. Staging selects from this. -#}
{% macro latest_delivery(source_relation, key_columns) -%}
    select *
    from (
        select
            delivered.*,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by delivered._source_file desc, delivered._source_line desc
            ) as delivery_rank
        from {{ source_relation }} as delivered
    ) as ranked
    where delivery_rank = 1
{%- endmacro %}
