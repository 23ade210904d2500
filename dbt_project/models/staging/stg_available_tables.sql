-- The tables each authority delivered in its newest loaded snapshot (stg_snapshots.table_names:
-- a header-only file counts, the table is available and empty). What a metric can show, period
-- by period, is metrics.metric_period_availability's; this is for what is read as at the extract date
-- only (int_case_notes_on_days: without ext_case_notes, nothing is known of oversight).
select distinct
    snapshot.la_code,
    unnest(snapshot.table_names) as table_name
from {{ ref('stg_snapshots') }} as snapshot
inner join {{ ref('stg_current_snapshots') }} as current_snapshot
    on current_snapshot.la_code = snapshot.la_code
    and current_snapshot.extract_date = snapshot.extract_date
