-- The assembled history of cin visits (macro assembled_history).
with visit as (
    {{ assembled_history('cin_visits', {'ssd': ref('base_ssd_cin_visits')}) }}
)

select
    visit.la_code,
    visit.visit_id,
    visit.person_id,
    visit.visit_date,
    visit.child_seen,
    visit.child_seen_alone,
    visit.bedroom_seen,
    {{ provenance_columns('visit') }}
from visit
