{#- The load that counts for each loaded snapshot (la_code, snapshot_date, load_id), as SQL: a
    snapshot is loaded once; should audit.snapshot_loads hold two loads of one, the last to
    finish counts. Every model that asks which load a snapshot is reads it here. -#}
{% macro counted_snapshot_loads() -%}
    select la_code, snapshot_date, load_id
    from {{ source('audit', 'snapshot_loads') }}
    where status = 'loaded'
    qualify row_number() over (
        partition by la_code, snapshot_date order by finished_at desc, load_id desc
    ) = 1
{%- endmacro %}
