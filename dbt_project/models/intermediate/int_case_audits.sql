-- One row per practice audit. good_or_better: graded OUTSTANDING or GOOD. team: the audit's
-- own team (audi_team), 'Not recorded' when empty.
select
    la_code,
    audit_id,
    person_id,
    audit_date,
    audit_area,
    grade,
    grade in ('OUTSTANDING', 'GOOD') as good_or_better,
    is_moderated,
    coalesce(team, 'Not recorded') as team,
    source_file,
    source_row
from {{ ref('stg_case_audits') }}
