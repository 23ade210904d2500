{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_professionals rows as professionals: the shape of
-- stg_professionals, with provenance and the history columns (macro history_columns). Workers'
-- names and job titles are not selected: no metric needs them.
select
    professional.la_code,
    professional.prof_professional_id as professional_id,
    professional.prof_staff_id as staff_id,
    {{ flag('professional.prof_agency_worker_flag') }} as is_agency_worker,
    professional.prof_professional_department as team,
    {{ history_columns('ssd_professionals', 'professionals', 'professional') }}
from {{ snapshot_rows('ssd_professionals') }} as professional
