-- What changed in each record family between consecutive snapshots of an authority, as
-- intermediate.int_record_changes finds it: added, removed, and changed column by column
-- (dates, codes, flags and teams only), with where the record was in both deliveries.
select
    la_code,
    family,
    record_id,
    person_id,
    change,
    changed_column,
    old_value,
    new_value,
    record_date,
    from_extract_date,
    to_extract_date,
    from_source_kind,
    from_source_file,
    from_source_location,
    from_source_row,
    to_source_kind,
    to_source_file,
    to_source_location,
    to_source_row
from {{ ref('int_record_changes') }}
order by la_code, to_extract_date, family, record_id, changed_column
