-- Workers by id. Their names and job titles stay in the raw layer: no metric needs them.
-- The assembled history of professionals (macro assembled_history).
with professional as (
    {{ assembled_history('professionals', {'ssd': ref('base_ssd_professionals')}) }}
)

select
    professional.la_code,
    professional.professional_id,
    professional.staff_id,
    professional.is_agency_worker,
    {{ team_name('team', 'professional') }} as team,
    {{ provenance_columns('professional') }}
from professional
