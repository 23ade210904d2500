{#- A Jinja value as a SQL literal: NULL for none, quoted and escaped text, true/false, numbers
    as written, lists as VARCHAR[]. -#}
{% macro sql_literal(value) -%}
    {%- if value is not defined or value is none -%}
        NULL
    {%- elif value is sameas true or value is sameas false -%}
        {{ 'true' if value else 'false' }}
    {%- elif value is number -%}
        {{ value }}
    {%- elif value is string -%}
        '{{ value | replace("'", "''") }}'
    {%- else -%}
        cast([{%- for item in value -%}{{ sql_literal(item) }}{{ ', ' if not loop.last }}{%- endfor -%}] as varchar[])
    {%- endif -%}
{%- endmacro %}
