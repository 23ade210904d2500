-- Assessments open on the extract date (started, not authorised), most overdue first.
-- status: 'overdue' past 45 working days, 'due soon' with 10 or fewer left, else 'on track'.
-- due_date: the 45th working day after the start, when the timescale runs out.
select
    assessment.la_code,
    assessment.as_at_date,
    assessment.person_id,
    assessment.team,
    assessment.assessment_id,
    assessment.worker_id,
    assessment.start_date,
    assessment.working_days_elapsed,
    45 - assessment.working_days_elapsed as working_days_left,
    {{ working_day_after('assessment.start_date', 45) }} as due_date,
    case
        when assessment.working_days_elapsed > 45 then 'overdue'
        when assessment.working_days_elapsed >= 35 then 'due soon'
        else 'on track'
    end as status,
    assessment.disability = 'Disabled' as disabled,
    assessment.age_band
from {{ ref('int_open_assessments_on_days') }} as assessment
where {{ is_extract_date('assessment') }}
    and {{ worklist_is_available('worklist_open_assessments', 'assessment.la_code') }}
order by la_code, working_days_left, assessment_id
