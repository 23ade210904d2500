-- The source description is left in raw: it can hold free text.
select
    la_code,
    cont_contact_id as contact_id,
    cont_person_id as person_id,
    cont_contact_date as contact_date,
    cont_contact_source_code as source_code,
    cont_contact_outcome_json as outcome_codes,
    source_file,
    source_row
from {{ current_snapshot_rows('ssd_contacts') }}
