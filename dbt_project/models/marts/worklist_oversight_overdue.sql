-- Children open on the extract date with no management oversight or supervision note in the
-- last 20 working days (only authorities that send ext_case_notes), longest without first.
-- oversight_due_date: the 20th working day after the last oversight note (NULL when none).
select
    child.la_code,
    child.as_at_date,
    child.person_id,
    child.team,
    child.last_oversight_date,
    child.working_days_since_oversight,
    {{ working_day_after('child.last_oversight_date', 20) }} as oversight_due_date,
    child.age_band
from {{ ref('int_case_notes_on_days') }} as child
where {{ is_extract_date('child') }}
    and not child.oversight_within_20wd
    and {{ worklist_is_available('worklist_oversight_overdue', 'child.la_code') }}
order by la_code, last_oversight_date nulls first, person_id
