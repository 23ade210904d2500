-- The extract tables each authority delivered in its newest loaded snapshot (a header-only
-- file counts: the table is available and empty). A metric whose source table is missing
-- here has no rows for the authority.
select distinct
    current_snapshot.la_code,
    ledger.table_name
from {{ ref('stg_current_snapshots') }} as current_snapshot
inner join {{ source('audit', 'load_ledger') }} as ledger
    on ledger.load_id = current_snapshot.load_id
    and ledger.la_code = current_snapshot.la_code
where ledger.status = 'loaded'
