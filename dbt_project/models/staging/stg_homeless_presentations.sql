select
    la_code,
    hpre_presentation_id as presentation_id,
    hpre_person_id as person_id,
    hpre_presentation_date as presentation_date,
    {{ flag('hpre_advised_of_s20_rights') }} as advised_of_s20_rights,
    hpre_assessment_id as assessment_id,
    hpre_outcome as outcome,
    hpre_outcome_date as outcome_date,
    source_file,
    source_row
from {{ current_snapshot_rows('ext_homeless_presentations') }}
