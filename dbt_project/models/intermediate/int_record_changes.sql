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
{%- set versions = ref('int_record_versions') %}
with

pairs as (
    {{ compared_snapshot_pairs() }}
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

-- The families of which a snapshot stopped sending a column (a column of one of their tables).
dropped_families as (
    select distinct snapshot.la_code, snapshot.snapshot_order, family_tables.family
    from {{ ref('stg_snapshots') }} as snapshot
    cross join unnest(snapshot.dropped_columns) as dropped(qualified)
    inner join family_tables
        on family_tables.table_name = split_part(dropped.qualified, '.', 1)
),

-- Each compared column such a snapshot no longer gives: empty in every record it holds.
left_out as (
    select version.la_code, version.family, version.snapshot_order, compared_column.name
    from {{ versions }} as version
    inner join dropped_families
        on dropped_families.la_code = version.la_code
        and dropped_families.snapshot_order = version.snapshot_order
        and dropped_families.family = version.family
    cross join unnest(map_keys(version.facts)) as compared_column(name)
    group by all
    having bool_and(version.facts[compared_column.name] is null)
),

-- One version per record and snapshot (a snapshot holds each id once; should it not, its
-- first row counts), as its keys, where it was and a hash of its compared columns.
first_versions as (
    select
        la_code,
        family,
        snapshot_order,
        record_id,
        source_file,
        source_location,
        source_row,
        window_date,
        hash(facts) as facts_hash
    from {{ versions }}
    qualify row_number() over (
        partition by la_code, family, snapshot_order, record_id
        order by source_row, source_file, source_location
    ) = 1
),

{#- Each side of a pair: the older snapshot's versions and the newer's. #}
{%- for side, order in [('older', 'from_order'), ('newer', 'to_order')] %}
{{ side }} as (
    select pairs.to_order, first_versions.*
    from pairs
    inner join first_versions
        on first_versions.la_code = pairs.la_code
        and first_versions.family = pairs.family
        and first_versions.snapshot_order = pairs.{{ order }}
),
{% endfor %}
-- Every record of either snapshot of a pair whose version differs: held by one only, or by
-- both with other compared values. A record the older held outside the newer's window is
-- not removed.
differing as (
    select
        pairs.la_code,
        pairs.family,
        pairs.from_order,
        pairs.to_order,
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
        and newer.to_order = older.to_order
        and newer.record_id = older.record_id
    inner join pairs
        on pairs.la_code = coalesce(newer.la_code, older.la_code)
        and pairs.family = coalesce(newer.family, older.family)
        and pairs.to_order = coalesce(newer.to_order, older.to_order)
    where older.facts_hash is distinct from newer.facts_hash
        and (
            newer.record_id is not null
            or pairs.covers_all_time
            or (older.window_date > pairs.window_start and older.window_date <= pairs.window_end)
        )
),

-- The whole versions of the differing records, read once each.
{%- for side, order in [('older', 'from_order'), ('newer', 'to_order')] %}
{{ side }}_versions as (
    select differing.la_code, differing.family, differing.to_order, differing.record_id, version.*
        exclude (la_code, family, record_id)
    from differing
    inner join {{ versions }} as version
        on version.la_code = differing.la_code
        and version.family = differing.family
        and version.snapshot_order = differing.{{ order }}
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
        differing.to_order,
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
        and {{ side }}.to_order = differing.to_order
        and {{ side }}.record_id = differing.record_id
    {%- endfor %}
),

column_changes as (
    select
        records.* exclude (change, to_order),
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
                and left_out.snapshot_order = records.to_order
                and left_out.name = compared_column.changed_column
        )
)

select * from column_changes
union all
select
    records.* exclude (change, to_order),
    records.change,
    cast(null as varchar) as changed_column,
    cast(null as varchar) as old_value,
    cast(null as varchar) as new_value
from records
where records.change in ('added', 'removed')
