-- Section 47 enquiries more than 15 working days after their start (on the extract date)
-- that no conference points at and that did not end in no further action. Enquiries that
-- ended otherwise (a child in need plan, say) stay on the list: the threshold decision is
-- what a manager reviews. Running enquiries first, then the most recently started.
select
    current_snapshot.la_code,
    current_snapshot.extract_date as as_at_date,
    enquiry.person_id,
    enquiry.team,
    enquiry.s47_enquiry_id,
    enquiry.worker_id,
    enquiry.start_date,
    enquiry.end_date,
    {{ working_day_number('current_snapshot.extract_date') }} - enquiry.start_working_day_number
        as working_days_since_start
from {{ ref('int_s47_enquiries') }} as enquiry
inner join {{ ref('stg_current_snapshots') }} as current_snapshot
    on current_snapshot.la_code = enquiry.la_code
where not enquiry.has_icpc
    and not (enquiry.end_date is not null and enquiry.is_nfa)
    and {{ working_day_number('current_snapshot.extract_date') }} - enquiry.start_working_day_number > 15
order by la_code, end_date is not null, start_date desc, s47_enquiry_id
