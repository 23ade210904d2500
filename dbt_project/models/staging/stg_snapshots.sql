-- Every loaded snapshot of every authority, oldest first: its extract date, kind of delivery
-- (from the raw tables its files loaded into), the tables it delivered (table_names: a loaded
-- ledger row each; a header-only file or an empty list counts) and its place in the
-- authority's order. A
-- snapshot is loaded once: its authority and extract date name its load (audit.snapshot_loads
-- holds the load id, which no staging table repeats, so that the tables are the same whatever
-- loads made them).
-- reference_date is the day a CIN census return describes (its ReferenceDate, from the return's
-- Header, raw.cin_census_returns), which sets its window; NULL for the kinds whose extract date
-- is that day (SSD extracts, Annex A workbooks).
-- absent_columns: the format's columns its files (or list sheets) left out
-- (audit.absent_columns), as <table>.<column>; dropped_columns: those of them an earlier
-- snapshot of the authority, of the same kind, delivered (its table was there and the column
-- not absent from it). A column an authority never sends reads as empty, as the format says;
-- one it stopped sending is absent, not empty: the figures and work lists that need it are not
-- available (metrics.metric_period_availability, metrics.availability_of_worklists). A CIN
-- census return's tables are not listed in audit.absent_columns (an element a return leaves
-- out is an empty value, as the census says): a return has neither.
with loads as (
    {{ counted_snapshot_loads() }}
),

kinds as (
    select
        ledger.load_id,
        min({{ delivery_kind_of('ledger.table_name') }}) as kind,
        list(distinct ledger.table_name order by ledger.table_name) as table_names
    from {{ source('audit', 'load_ledger') }} as ledger
    where ledger.status = 'loaded'
    group by ledger.load_id
),

returns as (
    select la_code, snapshot_date, max(reference_date) as reference_date
    from {{ source('raw', 'cin_census_returns') }}
    group by la_code, snapshot_date
),

absent as (
    select
        load_id,
        list(distinct table_name || '.' || column_name order by table_name || '.' || column_name)
            as absent_columns
    from {{ source('audit', 'absent_columns') }}
    group by load_id
),

snapshots as (
    select
        loads.la_code,
        loads.snapshot_date as extract_date,
        kinds.kind,
        coalesce(kinds.table_names, cast([] as varchar[])) as table_names,
        coalesce(absent.absent_columns, cast([] as varchar[])) as absent_columns,
        returns.reference_date,
        row_number() over (
            partition by loads.la_code order by loads.snapshot_date, loads.load_id
        ) as snapshot_order
    from loads
    left join kinds
        on kinds.load_id = loads.load_id
    left join absent
        on absent.load_id = loads.load_id
    left join returns
        on returns.la_code = loads.la_code
        and returns.snapshot_date = loads.snapshot_date
),

dropped as (
    select
        later.la_code,
        later.snapshot_order,
        list(distinct left_out.absent_column order by left_out.absent_column) as dropped_columns
    from snapshots as later, unnest(later.absent_columns) as left_out(absent_column)
    where exists (
        select 1
        from snapshots as earlier
        where earlier.la_code = later.la_code
            and earlier.kind = later.kind
            and earlier.snapshot_order < later.snapshot_order
            and list_contains(earlier.table_names, split_part(left_out.absent_column, '.', 1))
            and not list_contains(earlier.absent_columns, left_out.absent_column)
    )
    group by later.la_code, later.snapshot_order
)

select
    snapshots.la_code,
    snapshots.extract_date,
    snapshots.kind,
    snapshots.table_names,
    snapshots.absent_columns,
    coalesce(dropped.dropped_columns, cast([] as varchar[])) as dropped_columns,
    snapshots.reference_date,
    snapshots.snapshot_order
from snapshots
left join dropped
    on dropped.la_code = snapshots.la_code
    and dropped.snapshot_order = snapshots.snapshot_order
