-- Children. Names, UPN, legacy and unique ids, dates of birth (exact and expected) and
-- nationality stay in the raw layer: from here on a child is its case-system id.
select
    la_code,
    pers_person_id as person_id,
    pers_sex as sex,
    pers_gender as gender,
    pers_ethnicity as ethnicity_code,
    {{ flag('pers_send_flag') }} as has_send,
    pers_death_date as death_date,
    source_file,
    source_row
from {{ current_snapshot_rows('ssd_person') }}
