{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_cp_visits rows as cp visits: the shape of stg_cp_visits, with
-- provenance and the history columns (macro history_columns).
select
    visit.la_code,
    visit.cppv_cp_visit_id as cp_visit_id,
    visit.cppv_person_id as person_id,
    visit.cppv_cp_plan_id as cp_plan_id,
    visit.cppv_cp_visit_date as visit_date,
    {{ flag('visit.cppv_cp_visit_seen') }} as child_seen,
    {{ flag('visit.cppv_cp_visit_seen_alone') }} as child_seen_alone,
    {{ flag('visit.cppv_cp_visit_bedroom') }} as bedroom_seen,
    {{ history_columns('ssd_cp_visits', 'cp_visits', 'visit') }}
from {{ snapshot_rows('ssd_cp_visits') }} as visit
