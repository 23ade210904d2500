-- Every record of the families compared for changes (macro compared_families) as each snapshot
-- in a compared pair gave it (macro compared_snapshot_pairs): one row per record and snapshot,
-- its compared columns as text (macro record_versions). A snapshot in no pair (an authority's
-- only one of the kinds feeding a family) is not read at all, so a warehouse of one snapshot
-- per authority holds no rows here. A table, so that int_record_changes can read it several
-- times (the keys and a hash of the compared columns first, the whole rows of the records that
-- changed after), each read only the columns it needs.
{%- set families = compared_families() %}
with

pairs as (
    {{ compared_snapshot_pairs() }}
),

paired_snapshots as (
    select la_code, family, from_order as snapshot_order from pairs
    union
    select la_code, family, to_order as snapshot_order from pairs
)

{%- for family, compared in families.items() %}
{{ record_versions(family, compared.kinds, compared.id, compared.columns) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
