{#- A join keeps its left side's row count: the model has exactly as many rows as `compare_model`.
    Fails with one row holding both counts when they differ (a join that fans out, or drops rows). -#}
{% test row_count_matches(model, compare_model) %}
select model_rows, compared_rows
from (select count(*) as model_rows from {{ model }}) as model_count
cross join (select count(*) as compared_rows from {{ compare_model }}) as compared_count
where model_rows <> compared_rows
{% endtest %}
