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
with loads as (
    select la_code, snapshot_date, load_id
    from {{ source('audit', 'snapshot_loads') }}
    where status = 'loaded'
    -- A snapshot is loaded once; should the audit hold two loads of one, the last counts.
    qualify row_number() over (
        partition by la_code, snapshot_date order by finished_at desc, load_id desc
    ) = 1
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
)

select
    loads.la_code,
    loads.snapshot_date as extract_date,
    kinds.kind,
    coalesce(kinds.table_names, cast([] as varchar[])) as table_names,
    returns.reference_date,
    row_number() over (
        partition by loads.la_code order by loads.snapshot_date, loads.load_id
    ) as snapshot_order
from loads
left join kinds
    on kinds.load_id = loads.load_id
left join returns
    on returns.la_code = loads.la_code
    and returns.snapshot_date = loads.snapshot_date
