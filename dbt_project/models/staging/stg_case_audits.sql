select
    audit.la_code,
    audit.audi_audit_id as audit_id,
    audit.audi_person_id as person_id,
    audit.audi_audit_date as audit_date,
    audit.audi_audit_area as audit_area,
    audit.audi_grade as grade,
    {{ flag('audit.audi_moderated') }} as is_moderated,
    {{ team_name('audi_team', 'audit') }} as team,
    audit.source_file,
    audit.source_row
from {{ current_snapshot_rows('ext_case_audits') }} as audit
