-- Children. Names, UPN, legacy and unique ids, dates of birth (exact and expected) and
-- nationality stay in the raw layer: from here on a child is its case-system id.
-- The assembled history of children (macro assembled_history).
with person as (
    {{ assembled_history('children', {
        'ssd': ref('base_ssd_children'),
        'annex_a': ref('base_annex_a_children'),
        'cin_census': ref('base_cin_census_children'),
    }) }}
)

select
    person.la_code,
    person.person_id,
    person.sex,
    person.gender,
    person.ethnicity_code,
    person.has_send,
    person.death_date,
    {{ provenance_columns('person') }}
from person
