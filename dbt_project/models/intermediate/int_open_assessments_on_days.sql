-- Assessments open on each as-at day: started on or before it and not authorised by it.
-- working_days_elapsed is wd(start, day). Child attributes are taken on the day.
with open_assessments as (
    select
        as_at_day.la_code,
        as_at_day.as_at_date,
        assessment.assessment_id,
        assessment.person_id,
        assessment.team,
        assessment.worker_id,
        assessment.start_date,
        as_at_day.working_day_number - assessment.start_working_day_number as working_days_elapsed
    from {{ ref('int_as_at_days') }} as as_at_day
    inner join {{ ref('int_assessments') }} as assessment
        on assessment.la_code = as_at_day.la_code
        and assessment.start_date <= as_at_day.as_at_date
        and (assessment.authorised_date is null or assessment.authorised_date > as_at_day.as_at_date)
)

{{ with_child_attributes('open_assessments', 'as_at_date') }}
