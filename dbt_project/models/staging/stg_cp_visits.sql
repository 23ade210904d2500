-- The assembled history of cp visits (macro assembled_history).
with visit as (
    {{ assembled_history('cp_visits', {'ssd': ref('base_ssd_cp_visits')}) }}
)

select
    visit.la_code,
    visit.cp_visit_id,
    visit.person_id,
    visit.cp_plan_id,
    visit.visit_date,
    visit.child_seen,
    visit.child_seen_alone,
    visit.bedroom_seen,
    {{ provenance_columns('visit') }}
from visit
