-- Each authority's newest loaded snapshot, of whatever kind: its date is the authority's
-- extract date, the day "now" means for its as-at metrics and work lists (the last of
-- stg_snapshots), and its load id.
-- *Reading:* a CIN census return tells what its case system said on its reference date (the
-- 31 March that ends its year), not after: when the newest snapshot is a return delivered
-- after its reference date, "now" is the reference date, so that no figure is made of days
-- the return does not cover.
with newest as (
    select la_code, snapshot_date, load_id
    from ({{ counted_snapshot_loads() }}) as counted
    qualify row_number() over (partition by la_code order by snapshot_date desc) = 1
),

returns as (
    -- A CIN census return's reference date, as stg_snapshots reads it from the return.
    select la_code, extract_date as snapshot_date, reference_date
    from {{ ref('stg_snapshots') }}
    where reference_date is not null
)

select
    newest.la_code,
    least(newest.snapshot_date, coalesce(returns.reference_date, newest.snapshot_date)) as extract_date,
    newest.load_id
from newest
left join returns
    on returns.la_code = newest.la_code
    and returns.snapshot_date = newest.snapshot_date
