-- The assembled history of assessments (macro assembled_history).
with assessment as (
    {{ assembled_history('assessments', {
        'ssd': ref('base_ssd_assessments'),
        'annex_a': ref('base_annex_a_assessments'),
        'cin_census': ref('base_cin_census_assessments'),
    }) }}
)

select
    assessment.la_code,
    assessment.assessment_id,
    assessment.person_id,
    assessment.referral_id,
    assessment.start_date,
    assessment.child_seen,
    assessment.authorised_date,
    assessment.outcome_codes,
    assessment.outcome_nfa,
    {{ team_name('team', 'assessment') }} as team,
    assessment.worker_id,
    {{ provenance_columns('assessment') }}
from assessment
