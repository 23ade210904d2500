-- The assembled history of disabilities (macro assembled_history).
with disability as (
    {{ assembled_history('disabilities', {
        'ssd': ref('base_ssd_disabilities'),
        'annex_a': ref('base_annex_a_disabilities'),
        'cin_census': ref('base_cin_census_disabilities'),
    }) }}
)

select
    disability.la_code,
    disability.disability_record_id,
    disability.person_id,
    disability.disability_code,
    {{ provenance_columns('disability') }}
from disability
