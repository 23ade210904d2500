-- Section 47 enquiries still waiting for a conference decision on the extract date: more than
-- 15 working days after their start, no conference pointing at them, not NFA, no conference
-- deemed unnecessary (Annex A List 5), and either
-- still running or ended in the 20 working days before the day (wd(end, day) <= 20), when a
-- conference may still be arranged. Enquiries that ended longer ago without a conference are
-- history, not work: s47_to_icpc and s47_enquiry_details show them. Running enquiries first,
-- then the most recently started. conference_due_date: the 15th working day after the start,
-- by which an initial conference should have been held; age_band: on the enquiry's start.
with enquiries as (
    select
        enquiry.*,
        current_snapshot.extract_date,
        {{ working_day_number('current_snapshot.extract_date') }} as extract_working_day_number
    from {{ ref('int_s47_enquiries') }} as enquiry
    inner join {{ ref('stg_current_snapshots') }} as current_snapshot
        on current_snapshot.la_code = enquiry.la_code
)

select
    la_code,
    extract_date as as_at_date,
    person_id,
    team,
    s47_enquiry_id,
    worker_id,
    start_date,
    end_date,
    extract_working_day_number - start_working_day_number as working_days_since_start,
    {{ working_day_after('start_date', 15) }} as conference_due_date,
    age_band
from enquiries
where not has_icpc
    and not is_nfa
    and icpc_deemed_unnecessary is not true
    and extract_working_day_number - start_working_day_number > 15
    and (
        end_date is null
        or extract_working_day_number - {{ working_day_number('end_date') }} <= 20
    )
    and {{ worklist_is_available('worklist_s47_without_icpc', 'la_code') }}
order by la_code, end_date is not null, start_date desc, s47_enquiry_id
