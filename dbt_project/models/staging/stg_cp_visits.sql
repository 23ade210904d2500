select
    la_code,
    cppv_cp_visit_id as cp_visit_id,
    cppv_person_id as person_id,
    cppv_cp_plan_id as cp_plan_id,
    cppv_cp_visit_date as visit_date,
    {{ flag('cppv_cp_visit_seen') }} as child_seen,
    {{ flag('cppv_cp_visit_seen_alone') }} as child_seen_alone,
    {{ flag('cppv_cp_visit_bedroom') }} as bedroom_seen,
    source_file,
    source_row
from {{ current_snapshot_rows('ssd_cp_visits') }}
