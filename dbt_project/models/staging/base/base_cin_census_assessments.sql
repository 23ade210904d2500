{{ config(materialized='ephemeral') }}
-- Every loaded CIN census return's Assessments elements as assessments: the shape of
-- stg_assessments, with provenance and the history columns (macro history_columns). An
-- assessment's id is made from its child and start date, its referral's from the child and the
-- episode's referral date. A return records neither whether the child was seen (NULL: the
-- measures that need it are not available from the census) nor outcome codes, teams or workers.
select
    assessment.la_code,
    {{ record_id_from_key('assessment.child_id', 'assessment.assessment_start_date') }} as assessment_id,
    assessment.child_id as person_id,
    {{ record_id_from_key('assessment.child_id', 'assessment.referral_date') }} as referral_id,
    assessment.assessment_start_date as start_date,
    cast(null as boolean) as child_seen,
    assessment.assessment_authorised_date as authorised_date,
    cast(null as varchar[]) as outcome_codes,
    false as outcome_nfa,
    cast(null as varchar) as team,
    cast(null as varchar) as worker_id,
    {{ history_columns('cin_census_assessments', 'assessments', 'assessment') }}
from {{ snapshot_rows('cin_census_assessments') }} as assessment
