{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_cin_assessments rows as assessments: the shape of
-- stg_assessments, with provenance and the history columns (macro history_columns).
select
    assessment.la_code,
    assessment.cina_assessment_id as assessment_id,
    assessment.cina_person_id as person_id,
    assessment.cina_referral_id as referral_id,
    assessment.cina_assessment_start_date as start_date,
    {{ flag('assessment.cina_assessment_child_seen') }} as child_seen,
    assessment.cina_assessment_auth_date as authorised_date,
    assessment.cina_assessment_outcome_json as outcome_codes,
    {{ flag('assessment.cina_assessment_outcome_nfa') }} as outcome_nfa,
    assessment.cina_assessment_team as team,
    assessment.cina_assessment_worker_id as worker_id,
    {{ history_columns('ssd_cin_assessments', 'assessments', 'assessment') }}
from {{ snapshot_rows('ssd_cin_assessments') }} as assessment
