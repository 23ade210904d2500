-- One row per authorised assessment: the cohort of the assessment metrics of areas 1, 2, 8 and 9,
-- with each metric's flag, for managers to see which children make up a number.
with assessments as (
    select
        la_code,
        assessment_id,
        person_id,
        referral_id,
        team,
        worker_id,
        start_date,
        authorised_date,
        working_days_to_authorisation,
        working_days_to_first_seen,
        seen_visit_days,
        disability,
        age_band,
        sex,
        ethnicity_group,
        source_file,
        source_location,
        source_row
    from {{ ref('int_assessments') }}
    where authorised_date is not null
)

{{ with_metric_flags('assessments', 'assessment_id', [
    'assessment_within_45wd',
    'assessment_median_wd',
    'assessment_child_seen',
    'assessment_seen_within_5wd',
    'assessment_seen_once_only',
    'assessment_domestic_abuse_factor',
    'assessment_neglect_factor',
    'assessments_completed',
]) }}
