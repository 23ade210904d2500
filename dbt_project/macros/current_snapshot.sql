{#- Condition keeping the rows of an as-at model taken on their authority's extract date:
    work lists show the cases as they stand now. -#}
{% macro is_extract_date(row_alias, date_column='as_at_date') -%}
    exists (
        select 1
        from {{ ref('stg_current_snapshots') }} as current_snapshot
        where current_snapshot.la_code = {{ row_alias }}.la_code
            and current_snapshot.extract_date = {{ row_alias }}.{{ date_column }}
    )
{%- endmacro %}
