-- The assembled history of case audits (macro assembled_history).
with audit as (
    {{ assembled_history('case_audits', {'ssd': ref('base_ssd_case_audits')}) }}
)

select
    audit.la_code,
    audit.audit_id,
    audit.person_id,
    audit.audit_date,
    audit.audit_area,
    audit.grade,
    audit.is_moderated,
    {{ team_name('team', 'audit') }} as team,
    {{ provenance_columns('audit') }}
from audit
