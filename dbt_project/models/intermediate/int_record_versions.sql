{{ config(materialized='ephemeral') }}
-- Every record of the families compared for changes (macro compared_families), as each loaded
-- snapshot gave it: one row per record and snapshot, its compared columns as text (macro
-- record_versions). Read by int_record_changes.
{%- set families = compared_families() %}
{%- for family, compared in families.items() %}
{{ record_versions(family, compared.kinds, compared.id, compared.columns) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
