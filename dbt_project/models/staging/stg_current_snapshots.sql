-- Each authority's newest loaded snapshot: its date is the authority's extract date, and
-- every staging model keeps only that snapshot's rows.
select
    la_code,
    snapshot_date as extract_date,
    load_id
from {{ source('audit', 'snapshot_loads') }}
where status = 'loaded'
qualify row_number() over (
    partition by la_code order by snapshot_date desc, finished_at desc, load_id desc
) = 1
