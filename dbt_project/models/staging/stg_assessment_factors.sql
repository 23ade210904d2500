-- The assembled history of assessment factors (macro assembled_history).
with factors as (
    {{ assembled_history('assessment_factors', {
        'ssd': ref('base_ssd_assessment_factors'),
        'cin_census': ref('base_cin_census_assessment_factors'),
    }) }}
)

select
    factors.la_code,
    factors.factors_record_id,
    factors.assessment_id,
    factors.factor_codes,
    {{ provenance_columns('factors') }}
from factors
