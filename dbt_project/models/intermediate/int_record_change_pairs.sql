-- depends_on: {{ ref('int_record_changes') }}
-- The pairs of snapshots compared for changes (macro compared_snapshot_pairs), with what else
-- their comparison read: the newer snapshot's window and the columns it stopped sending. Built
-- after int_record_changes (it depends on it), so that a pair is listed once its changes are
-- there: a build rebuilding some authorities keeps the changes of the pairs listed with the
-- same inputs and compares the others (macros/changed_pairs_only.sql).
select
    la_code,
    family,
    from_extract_date,
    to_extract_date,
    covers_all_time,
    window_start,
    window_end,
    to_dropped_columns
from ({{ compared_snapshot_pairs() }}) as pair
