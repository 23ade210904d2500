-- What changed in each record family from one snapshot of an authority to the next covering
-- the family (macro compared_families: which families, columns and ids). Per consecutive
-- pair of snapshots (by extract date, among those of kinds feeding the family; macro
-- compared_snapshot_pairs):
--   added    a record the newer snapshot holds and the older did not;
--   removed  a record the older held that the newer, whose window covers it, no longer holds
--            (a record outside the newer snapshot's window is not removed: it was not asked);
--   changed  one row per compared column whose value differs, old and new.
-- Each row keeps where the record was in both deliveries (file, sheet, row).
-- A compared column the newer snapshot no longer gives at all is not a change: when that
-- snapshot stopped sending a column of a table feeding the family (stg_snapshots.
-- dropped_columns) and the compared column is empty in every record it holds, its records are
-- not each "changed to empty" (the column was left out, not emptied: the data quality page
-- names it, and what needs it is not available). A change in another column is still listed.
--
-- The work grows with the records of the snapshots compared, and most records do not change:
-- the versions are matched on their keys and a hash of their compared columns first; only the
-- records added, removed or changed are read whole, and only the changed ones are unnested into
-- columns.
--
-- A pair is named by its authority, family and the two extract dates; what else it depends on
-- (the newer snapshot's window and dropped columns) is listed with it in
-- int_record_change_pairs (macro compared_snapshot_pairs). When a build rebuilds some
-- authorities only (macros/authority_scope.sql), the changes of a pair it listed are kept
-- and only the pairs new since (or whose inputs changed) are compared, so that a refresh after
-- an authority's next snapshot compares one pair per family, not all of them again
-- (macros/changed_pairs_only.sql: how, and why it stays right when a build fails).
{{ config(
    meta={'keeps_unchanged_rows': true},
    pre_hook=["{{ delete_unlisted_record_changes() }}", "{{ unlist_stale_change_pairs() }}"]
) }}
{%- set versions = ref('int_record_versions') %}
with

-- The pairs compared by this build: every one, or when rebuilding some authorities those not
-- listed (int_record_change_pairs) as compared already with the same inputs.
pairs as (
    select *
    from ({{ compared_snapshot_pairs() }}) as pair
    where {{ not_listed_change_pair('pair') }}
),

-- The snapshots of those pairs, whose versions are read.
compared_snapshots as (
    select la_code, family, from_extract_date as extract_date from pairs
    union
    select la_code, family, to_extract_date from pairs
),

-- The raw tables feeding each family compared (the formats), to tell whose columns a snapshot
-- left out.
family_tables as (
    select * from (values
        {%- set feeding = [] %}
        {%- for name, table in delivery_formats().tables.items() %}
        {%- for family in table.feeds if family in compared_families() %}
        {%- do feeding.append((family, name)) %}
        {%- endfor %}
        {%- endfor %}
        {%- for family, name in feeding %}
        ('{{ family }}', '{{ name }}'){{ "," if not loop.last }}
        {%- endfor %}
    ) as given(family, table_name)
),

-- The families of which a pair's newer snapshot stopped sending a column (a column of one of
-- their tables).
dropped_families as (
    select distinct pairs.la_code, pairs.to_extract_date, pairs.family
    from pairs
    cross join unnest(pairs.to_dropped_columns) as dropped(qualified)
    inner join family_tables
        on family_tables.table_name = split_part(dropped.qualified, '.', 1)
        and family_tables.family = pairs.family
),

-- Each compared column such a snapshot no longer gives: empty in every record it holds.
left_out as (
    select version.la_code, version.family, version.source_extract_date, compared_column.name
    from {{ versions }} as version
    inner join dropped_families
        on dropped_families.la_code = version.la_code
        and dropped_families.to_extract_date = version.source_extract_date
        and dropped_families.family = version.family
    cross join unnest(map_keys(version.facts)) as compared_column(name)
    group by all
    having bool_and(version.facts[compared_column.name] is null)
),

-- One version per record and snapshot (a snapshot holds each id once; should it not, its
-- first row counts), as its keys, where it was and a hash of its compared columns.
first_versions as (
    select
        version.la_code,
        version.family,
        version.source_extract_date,
        version.record_id,
        version.source_file,
        version.source_location,
        version.source_row,
        version.window_date,
        hash(version.facts) as facts_hash
    from {{ versions }} as version
    where exists (
        select 1
        from compared_snapshots
        where compared_snapshots.la_code = version.la_code
            and compared_snapshots.family = version.family
            and compared_snapshots.extract_date = version.source_extract_date
    )
    qualify row_number() over (
        partition by version.la_code, version.family, version.source_extract_date, version.record_id
        order by version.source_row, version.source_file, version.source_location
    ) = 1
),

{#- Each side of a pair: the older snapshot's versions and the newer's. #}
{%- for side, date in [('older', 'from_extract_date'), ('newer', 'to_extract_date')] %}
{{ side }} as (
    select pairs.to_extract_date as pair_end, first_versions.*
    from pairs
    inner join first_versions
        on first_versions.la_code = pairs.la_code
        and first_versions.family = pairs.family
        and first_versions.source_extract_date = pairs.{{ date }}
),
{% endfor %}
-- Every record of either snapshot of a pair whose version differs: held by one only, or by
-- both with other compared values. A record the older held outside the newer's window is
-- not removed.
differing as (
    select
        pairs.la_code,
        pairs.family,
        pairs.from_extract_date,
        pairs.to_extract_date,
        coalesce(newer.record_id, older.record_id) as record_id,
        case
            when older.record_id is null then 'added'
            when newer.record_id is null then 'removed'
            else 'kept'
        end as change,
        older.source_file as older_file,
        older.source_location as older_location,
        older.source_row as older_row,
        newer.source_file as newer_file,
        newer.source_location as newer_location,
        newer.source_row as newer_row
    from older
    full join newer
        on newer.la_code = older.la_code
        and newer.family = older.family
        and newer.pair_end = older.pair_end
        and newer.record_id = older.record_id
    inner join pairs
        on pairs.la_code = coalesce(newer.la_code, older.la_code)
        and pairs.family = coalesce(newer.family, older.family)
        and pairs.to_extract_date = coalesce(newer.pair_end, older.pair_end)
    where older.facts_hash is distinct from newer.facts_hash
        and (
            newer.record_id is not null
            or pairs.covers_all_time
            or (older.window_date > pairs.window_start and older.window_date <= pairs.window_end)
        )
),

-- The whole versions of the differing records, read once each.
{%- for side, date in [('older', 'from_extract_date'), ('newer', 'to_extract_date')] %}
{{ side }}_versions as (
    select differing.la_code, differing.family, differing.to_extract_date, differing.record_id,
        version.* exclude (la_code, family, record_id)
    from differing
    inner join {{ versions }} as version
        on version.la_code = differing.la_code
        and version.family = differing.family
        and version.source_extract_date = differing.{{ date }}
        and version.record_id = differing.record_id
        and version.source_row = differing.{{ side }}_row
        and version.source_file = differing.{{ side }}_file
        and version.source_location is not distinct from differing.{{ side }}_location
),
{% endfor %}
records as (
    select
        differing.la_code,
        differing.family,
        differing.from_extract_date,
        differing.to_extract_date,
        differing.record_id,
        coalesce(newer.person_id, older.person_id) as person_id,
        coalesce(newer.record_date, older.record_date) as record_date,
        older.record_date as old_record_date,
        differing.change,
        older.facts as old_facts,
        newer.facts as new_facts,
        older.source_kind as from_source_kind,
        older.source_file as from_source_file,
        older.source_location as from_source_location,
        older.source_row as from_source_row,
        newer.source_kind as to_source_kind,
        newer.source_file as to_source_file,
        newer.source_location as to_source_location,
        newer.source_row as to_source_row
    from differing
    {%- for side in ['older', 'newer'] %}
    left join {{ side }}_versions as {{ side }}
        on {{ side }}.la_code = differing.la_code
        and {{ side }}.family = differing.family
        and {{ side }}.to_extract_date = differing.to_extract_date
        and {{ side }}.record_id = differing.record_id
    {%- endfor %}
),

column_changes as (
    select
        records.* exclude (change),
        'changed' as change,
        compared_column.changed_column,
        old_facts[compared_column.changed_column] as old_value,
        new_facts[compared_column.changed_column] as new_value
    from records
    cross join unnest(map_keys(records.new_facts)) as compared_column(changed_column)
    where records.change = 'kept'
        and old_facts[compared_column.changed_column] is distinct from new_facts[compared_column.changed_column]
        and not exists (
            select 1
            from left_out
            where left_out.la_code = records.la_code
                and left_out.family = records.family
                and left_out.source_extract_date = records.to_extract_date
                and left_out.name = compared_column.changed_column
        )
)

select * from column_changes
union all
select
    records.* exclude (change),
    records.change,
    cast(null as varchar) as changed_column,
    cast(null as varchar) as old_value,
    cast(null as varchar) as new_value
from records
where records.change in ('added', 'removed')
