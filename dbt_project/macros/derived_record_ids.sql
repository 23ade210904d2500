{#- An id for a record of a delivery that gives its records none (an Annex A workbook; later a
    CIN census return): made from its natural key, the child's id and the record's own date, as
    `<child id>@<YYYY-MM-DD>`, so the same record in the next delivery has the same id. -#}
{% macro record_id_from_key(subject, record_date) -%}
    ({{ subject }} || '@' || strftime({{ record_date }}, '%Y-%m-%d'))
{%- endmacro %}

{#- A conference's id, where a delivery gives conferences none (an Annex A List 5 row, a CIN
    census Section47 element): `<child id>@<conference date>` (record_id_from_key). Each
    enquiry that records a conference date gives a conference of its own: s47_to_icpc is met,
    and ICPC timeliness measured, per enquiry (docs/metrics.md). So where several enquiries of
    one child in one delivery record the same conference date (two enquiries that led to one
    meeting), each id adds its enquiry's start, `<child id>@<conference date>/<S47 start date>`,
    and the ids stay unique; a date only one enquiry records keeps the plain id. `row` is the
    alias of the delivery's rows (la_code, snapshot_date and the three columns named). -#}
{% macro conference_id_from_enquiry(row, child_column, conference_date_column, enquiry_start_column) -%}
    {%- set child = row ~ '.' ~ child_column -%}
    {%- set conference_date = row ~ '.' ~ conference_date_column -%}
    ({{ record_id_from_key(child, conference_date) }} || case
        when count(*) over (
            partition by {{ row }}.la_code, {{ row }}.snapshot_date, {{ child }}, {{ conference_date }}
        ) > 1
            then '/' || strftime({{ row }}.{{ enquiry_start_column }}, '%Y-%m-%d')
        else ''
    end)
{%- endmacro %}
