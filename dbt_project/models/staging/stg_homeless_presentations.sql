-- The assembled history of homeless presentations (macro assembled_history).
with presentation as (
    {{ assembled_history('homeless_presentations', {'ssd': ref('base_ssd_homeless_presentations')}) }}
)

select
    presentation.la_code,
    presentation.presentation_id,
    presentation.person_id,
    presentation.presentation_date,
    presentation.advised_of_s20_rights,
    presentation.assessment_id,
    presentation.outcome,
    presentation.outcome_date,
    {{ provenance_columns('presentation') }}
from presentation
