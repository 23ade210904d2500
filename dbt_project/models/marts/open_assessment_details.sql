-- Assessments open on each as-at day (month ends and the extract date), with the working
-- days they have been open: the cohort behind assessments_open_over_45wd.
with open_assessments as (
    select
        la_code,
        as_at_date,
        assessment_id,
        person_id,
        team,
        worker_id,
        start_date,
        working_days_elapsed,
        disability,
        age_band
    from {{ ref('int_open_assessments_on_days') }}
)

{{ with_metric_flags('open_assessments', 'assessment_id', ['assessments_open_over_45wd'], 'as_at_date') }}
