{#- The rows of a raw table that belong to each authority's newest loaded snapshot.
    Every staging model reads its raw table through this, so "which snapshot" is decided once
    (stg_current_snapshots). -#}
{% macro current_snapshot_rows(table_name) -%}
    (
        select raw_rows.*
        from {{ source('raw', table_name) }} as raw_rows
        semi join {{ ref('stg_current_snapshots') }} as current_snapshot
            on current_snapshot.la_code = raw_rows.la_code
            and current_snapshot.extract_date = raw_rows.snapshot_date
    )
{%- endmacro %}

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
