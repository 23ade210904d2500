{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ext_case_audits rows as case audits: the shape of stg_case_audits,
-- with provenance and the history columns (macro history_columns).
select
    audit.la_code,
    audit.audi_audit_id as audit_id,
    audit.audi_person_id as person_id,
    audit.audi_audit_date as audit_date,
    audit.audi_audit_area as audit_area,
    audit.audi_grade as grade,
    {{ flag('audit.audi_moderated') }} as is_moderated,
    audit.audi_team as team,
    {{ history_columns('ext_case_audits', 'case_audits', 'audit') }}
from {{ snapshot_rows('ext_case_audits') }} as audit
