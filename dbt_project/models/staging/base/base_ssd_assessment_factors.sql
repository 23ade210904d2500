{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_assessment_factors rows as assessment factors: the shape of
-- stg_assessment_factors, with provenance and the history columns (macro history_columns). Factors
-- have no date of their own: they follow their assessment (the same snapshot's row).
select
    factors.la_code,
    factors.cinf_table_id as factors_record_id,
    factors.cinf_assessment_id as assessment_id,
    factors.cinf_assessment_factors_json as factor_codes,
    {{ history_columns('ssd_assessment_factors', 'assessment_factors', 'factors') }}
from {{ snapshot_rows('ssd_assessment_factors') }} as factors
{{ history_parent_join('ssd_assessment_factors', 'assessment_factors', 'factors') }}
