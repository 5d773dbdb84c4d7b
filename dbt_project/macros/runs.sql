{#- Consecutive useful points (side 1 above the centre line, -1 below; 0 on it or not charted, skipped) grouped
    into runs (gaps and islands): one row per point with its `island`, which, with `side`, names its run. Used
    by the run-chart rules (metric_run_chart) and the stability of a control chart's baseline
    (int_control_limits), so both read runs the same way. -#}
{% macro run_islands(points, where='true') -%}
    select
        metric_id, entity_type, entity_id, period_start, side,
        row_number() over (partition by metric_id, entity_type, entity_id order by period_start)
        - row_number() over (partition by metric_id, entity_type, entity_id, side order by period_start) as island
    from {{ points }}
    where side <> 0 and {{ where }}
{%- endmacro %}

{#- One row per run of `islands` (run_islands' rows, a relation or an aliased subquery): its side, length
    and last month. -#}
{% macro run_lengths(islands) -%}
    select metric_id, entity_type, entity_id, side, island, count(*) as run_length, max(period_start) as run_end
    from {{ islands }}
    group by metric_id, entity_type, entity_id, side, island
{%- endmacro %}

{#- The upper 95th percentile of a chi-square distribution with `degrees_of_freedom` (Wilson-Hilferty cube-root
    approximation: within 0.5% of the exact quantile from 10 degrees of freedom up). -#}
{% macro chi_square_95(degrees_of_freedom) -%}
    ({{ degrees_of_freedom }} * power(1 - 2.0 / (9 * {{ degrees_of_freedom }})
        + 1.644854 * sqrt(2.0 / (9 * {{ degrees_of_freedom }})), 3))
{%- endmacro %}
