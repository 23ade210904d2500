-- Every record of the families compared for changes (macro compared_families) as each snapshot
-- in a compared pair gave it (macro compared_snapshot_pairs): one row per record and snapshot
-- (named by its extract date), its compared columns as text (macro record_versions). A
-- snapshot in no pair (an authority's only one of the kinds feeding a family) is not read at
-- all, so a warehouse of one snapshot per authority holds no rows here. A table, so that
-- int_record_changes can read it several times (the keys and a hash of the compared columns
-- first, the whole rows of the records that changed after), each read only the columns it
-- needs. When a build rebuilds some authorities only, the versions of a snapshot still paired
-- are kept and only those of snapshots newly paired are read (macros/changed_pairs_only.sql).
{{ config(
    meta={'keeps_unchanged_rows': true},
    pre_hook="{{ delete_unpaired_record_versions() }}"
) }}
{%- set families = compared_families() %}
with

pairs as (
    {{ compared_snapshot_pairs() }}
),

-- The snapshots read: those in a pair, less (when rebuilding some authorities) those whose
-- versions are here already.
paired_snapshots as (
    select paired.*
    from (
        select la_code, family, from_extract_date as extract_date from pairs
        union
        select la_code, family, to_extract_date from pairs
    ) as paired
    {%- if keeps_unchanged_pairs() %}
    where not exists (
        select 1
        from {{ this }} as kept
        where kept.la_code = paired.la_code
            and kept.family = paired.family
            and kept.source_extract_date = paired.extract_date
    )
    {%- endif %}
)

{%- for family, compared in families.items() %}
{{ record_versions(family, compared.kinds, compared.id, compared.columns) }}
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
