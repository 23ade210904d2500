-- Each authority's newest loaded snapshot, of whatever kind: its date is the authority's
-- extract date, the day "now" means for its as-at metrics and work lists (the last of
-- stg_snapshots), and its load id.
select
    la_code,
    snapshot_date as extract_date,
    load_id
from {{ source('audit', 'snapshot_loads') }}
where status = 'loaded'
qualify row_number() over (
    partition by la_code order by snapshot_date desc, finished_at desc, load_id desc
) = 1
