{#- True when an NPI is ten digits starting 1 or 2 and its last digit is the Luhn check digit over
    the first nine with the 80840 prefix folded in as +24 (docs/domain.md). Plain SQL (translate, substring,
    case, mod) so the same test runs on DuckDB, Postgres, Snowflake, BigQuery and SQL Server alike.
    Casting happens only inside the CASE branch that has already proven the value is all digits. -#}
{% macro is_valid_npi(npi) -%}
(
    case
        when {{ npi }} is null then false
        when length({{ npi }}) <> 10 then false
        when translate({{ npi }}, '0123456789', '') <> '' then false
        when substring({{ npi }}, 1, 1) not in ('1', '2') then false
        else mod(
                10 - mod(
                    24
                    {%- for position in range(1, 10) %}
                    {%- set digit = "cast(substring(" ~ npi ~ ", " ~ position ~ ", 1) as integer)" %}
                    {%- if position % 2 == 1 %}
                    + case when 2 * {{ digit }} > 9 then 2 * {{ digit }} - 9 else 2 * {{ digit }} end
                    {%- else %}
                    + {{ digit }}
                    {%- endif %}
                    {%- endfor %}
                , 10)
            , 10) = cast(substring({{ npi }}, 10, 1) as integer)
    end
)
{%- endmacro %}
