-- Workers by id. Their names and job titles stay in the raw layer: no metric needs them.
select
    professional.la_code,
    professional.prof_professional_id as professional_id,
    professional.prof_staff_id as staff_id,
    {{ flag('professional.prof_agency_worker_flag') }} as is_agency_worker,
    {{ team_name('prof_professional_department', 'professional') }} as team,
    professional.source_file,
    professional.source_row
from {{ current_snapshot_rows('ssd_professionals') }} as professional
