select
    la_code,
    cinv_cin_visit_id as visit_id,
    cinv_person_id as person_id,
    cinv_cin_visit_date as visit_date,
    {{ flag('cinv_cin_visit_seen') }} as child_seen,
    {{ flag('cinv_cin_visit_seen_alone') }} as child_seen_alone,
    {{ flag('cinv_cin_visit_bedroom') }} as bedroom_seen,
    source_file,
    source_row
from {{ current_snapshot_rows('ssd_cin_visits') }}
