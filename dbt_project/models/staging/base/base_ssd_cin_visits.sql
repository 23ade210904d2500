{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_cin_visits rows as cin visits: the shape of stg_cin_visits, with
-- provenance and the history columns (macro history_columns).
select
    visit.la_code,
    visit.cinv_cin_visit_id as visit_id,
    visit.cinv_person_id as person_id,
    visit.cinv_cin_visit_date as visit_date,
    {{ flag('visit.cinv_cin_visit_seen') }} as child_seen,
    {{ flag('visit.cinv_cin_visit_seen_alone') }} as child_seen_alone,
    {{ flag('visit.cinv_cin_visit_bedroom') }} as bedroom_seen,
    {{ history_columns('ssd_cin_visits', 'cin_visits', 'visit') }}
from {{ snapshot_rows('ssd_cin_visits') }} as visit
