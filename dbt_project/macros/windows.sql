{#- The difference-in-differences windows around an exposure that ran from first_month to last_month
    (first-of-month dates; the months it ran in belong to no window): the `baseline_months` full months
    before it and the `followup_months` full months after it. One rule for every exposure: a need's
    education (int_qi_need_windows) and a clinician's first applied look-up (int_qi_point_of_care_entities). -#}
{% macro did_window_columns(first_month, last_month) -%}
    {{ add_months(first_month, -var('baseline_months')) }} as baseline_start,
    {{ month_end(add_months(first_month, -1)) }} as baseline_end,
    {{ add_months(last_month, 1) }} as followup_start,
    {{ month_end(add_months(last_month, var('followup_months'))) }} as followup_end
{%- endmacro %}
