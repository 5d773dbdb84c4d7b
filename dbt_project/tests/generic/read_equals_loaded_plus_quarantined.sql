{#- Nothing is lost at the door: every row read was either loaded or quarantined. -#}
{% test read_equals_loaded_plus_quarantined(model) %}
select *
from {{ model }}
where rows_read <> rows_loaded + rows_quarantined
{% endtest %}
