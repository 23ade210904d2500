{#- First day of the period of a grain that contains a date. Financial-year quarters
    (Apr-Jun, Jul-Sep, Oct-Dec, Jan-Mar) coincide with calendar quarters; the financial year
    starts on 1 April. -#}
{% macro period_start(grain, date_expression) -%}
    {%- if grain == 'month' -%}
        cast(date_trunc('month', {{ date_expression }}) as date)
    {%- elif grain == 'quarter' -%}
        cast(date_trunc('quarter', {{ date_expression }}) as date)
    {%- elif grain == 'financial_year' -%}
        cast(date_trunc('year', {{ date_expression }} - interval 3 month) + interval 3 month as date)
    {%- else -%}
        {{ exceptions.raise_compiler_error("Unknown period grain '" ~ grain ~ "': use month, quarter or financial_year") }}
    {%- endif -%}
{%- endmacro %}

{#- The grains every metric is reported at, with the length of one period in months. -#}
{% macro period_grains() -%}
    {{ return({'month': 1, 'quarter': 3, 'financial_year': 12}) }}
{%- endmacro %}

{#- The window "N months before D": dates from D minus N calendar months (exclusive) to D
    (inclusive); DuckDB keeps month ends (2024-02-29 minus 12 months is 2023-02-28). -#}
{% macro months_before(on_date, months) -%}
    cast({{ on_date }} - interval ({{ months }}) month as date)
{%- endmacro %}
