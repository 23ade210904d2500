select
    la_code,
    disa_table_id as disability_record_id,
    disa_person_id as person_id,
    disa_disability_code as disability_code,
    source_file,
    source_row
from {{ current_snapshot_rows('ssd_disability') }}
