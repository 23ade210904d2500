{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ext_homeless_presentations rows as homeless presentations: the shape
-- of stg_homeless_presentations, with provenance and the history columns (macro history_columns).
select
    presentation.la_code,
    presentation.hpre_presentation_id as presentation_id,
    presentation.hpre_person_id as person_id,
    presentation.hpre_presentation_date as presentation_date,
    {{ flag('presentation.hpre_advised_of_s20_rights') }} as advised_of_s20_rights,
    presentation.hpre_assessment_id as assessment_id,
    presentation.hpre_outcome as outcome,
    presentation.hpre_outcome_date as outcome_date,
    {{ history_columns('ext_homeless_presentations', 'homeless_presentations', 'presentation') }}
from {{ snapshot_rows('ext_homeless_presentations') }} as presentation
