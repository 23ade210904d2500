{{ config(materialized='ephemeral') }}
-- Every loaded CIN census return's assessments' factors (AssessmentFactors) as assessment
-- factors: the shape of stg_assessment_factors, with provenance and the history columns (macro
-- history_columns). The factors are on the assessment's own element, so the record shares the
-- assessment's id and natural key; an assessment without factors gives an empty list, an
-- assessment with no factor recorded, as in an SSD extract.
select
    assessment.la_code,
    {{ record_id_from_key('assessment.child_id', 'assessment.assessment_start_date') }} as factors_record_id,
    {{ record_id_from_key('assessment.child_id', 'assessment.assessment_start_date') }} as assessment_id,
    coalesce(assessment.factors, cast([] as varchar[])) as factor_codes,
    {{ history_columns('cin_census_assessments', 'assessment_factors', 'assessment') }}
from {{ snapshot_rows('cin_census_assessments') }} as assessment
