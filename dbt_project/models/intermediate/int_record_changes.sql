-- What changed in each record family from one snapshot of an authority to the next covering
-- the family (macro compared_families: which families, columns and ids). Per consecutive
-- pair of snapshots (by extract date, among those of kinds feeding the family):
--   added    a record the newer snapshot holds and the older did not;
--   removed  a record the older held that the newer, whose window covers it, no longer holds
--            (a record outside the newer snapshot's window is not removed: it was not asked);
--   changed  one row per compared column whose value differs, old and new.
-- Each row keeps where the record was in both deliveries (file, sheet, row).
{%- set families = compared_families() %}
with

-- One version per record and snapshot (a snapshot holds each id once; should it not, its
-- first row counts).
distinct_versions as (
    select *
    from {{ ref('int_record_versions') }}
    qualify row_number() over (
        partition by la_code, family, snapshot_order, record_id order by source_row
    ) = 1
),

family_kinds as (
    select * from (values
        {%- for family, compared in families.items() %}
        {%- set outer_loop = loop %}
        {%- for kind in compared.kinds %}
        ('{{ family }}', '{{ kind }}'){{ "," if not (outer_loop.last and loop.last) }}
        {%- endfor %}
        {%- endfor %}
    ) as given(family, kind)
),

pairs as (
    select *
    from (
        select
            windows.la_code,
            family_kinds.family,
            lag(windows.snapshot_order) over by_date as from_order,
            lag(windows.extract_date) over by_date as from_extract_date,
            windows.snapshot_order as to_order,
            windows.extract_date as to_extract_date,
            windows.covers_all_time,
            windows.window_start,
            windows.window_end
        from {{ ref('stg_snapshot_windows') }} as windows
        inner join family_kinds
            on family_kinds.kind = windows.kind
        window by_date as (
            partition by windows.la_code, family_kinds.family order by windows.snapshot_order
        )
    )
    where from_order is not null
),

-- Every record of the older snapshot, with the newer one's version when it holds it.
compared as (
    select
        pairs.la_code,
        pairs.family,
        pairs.from_extract_date,
        pairs.to_extract_date,
        older.record_id,
        coalesce(newer.person_id, older.person_id) as person_id,
        coalesce(newer.record_date, older.record_date) as record_date,
        older.record_date as old_record_date,
        case when newer.record_id is null then 'removed' else 'kept' end as change,
        pairs.covers_all_time
            or (older.window_date > pairs.window_start and older.window_date <= pairs.window_end)
            as newer_covers_older,
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
    from pairs
    inner join distinct_versions as older
        on older.la_code = pairs.la_code
        and older.family = pairs.family
        and older.snapshot_order = pairs.from_order
    left join distinct_versions as newer
        on newer.la_code = pairs.la_code
        and newer.family = pairs.family
        and newer.snapshot_order = pairs.to_order
        and newer.record_id = older.record_id
),

-- Every record of the newer snapshot the older did not hold.
added as (
    select
        pairs.la_code,
        pairs.family,
        pairs.from_extract_date,
        pairs.to_extract_date,
        newer.record_id,
        newer.person_id,
        newer.record_date,
        cast(null as date) as old_record_date,
        'added' as change,
        true as newer_covers_older,
        cast(null as map(varchar, varchar)) as old_facts,
        newer.facts as new_facts,
        cast(null as varchar) as from_source_kind,
        cast(null as varchar) as from_source_file,
        cast(null as varchar) as from_source_location,
        cast(null as bigint) as from_source_row,
        newer.source_kind as to_source_kind,
        newer.source_file as to_source_file,
        newer.source_location as to_source_location,
        newer.source_row as to_source_row
    from pairs
    inner join distinct_versions as newer
        on newer.la_code = pairs.la_code
        and newer.family = pairs.family
        and newer.snapshot_order = pairs.to_order
    where not exists (
        select 1
        from distinct_versions as older
        where older.la_code = pairs.la_code
            and older.family = pairs.family
            and older.snapshot_order = pairs.from_order
            and older.record_id = newer.record_id
    )
),

records as (
    select * from compared
    union all
    select * from added
),

column_changes as (
    select
        records.* exclude (change, newer_covers_older),
        'changed' as change,
        compared_column.changed_column,
        old_facts[compared_column.changed_column] as old_value,
        new_facts[compared_column.changed_column] as new_value
    from records
    cross join unnest(map_keys(records.new_facts)) as compared_column(changed_column)
    where records.change = 'kept'
        and old_facts[compared_column.changed_column] is distinct from new_facts[compared_column.changed_column]
)

select * from column_changes
union all
select
    records.* exclude (change, newer_covers_older),
    records.change,
    cast(null as varchar) as changed_column,
    cast(null as varchar) as old_value,
    cast(null as varchar) as new_value
from records
where records.change = 'added'
    or (records.change = 'removed' and records.newer_covers_older)
