{#- An id for a record of a delivery that gives its records none (an Annex A workbook; later a
    CIN census return): made from its natural key, the child's id and the record's own date, as
    `<child id>@<YYYY-MM-DD>`, so the same record in the next delivery has the same id. -#}
{% macro record_id_from_key(subject, record_date) -%}
    ({{ subject }} || '@' || strftime({{ record_date }}, '%Y-%m-%d'))
{%- endmacro %}
