-- Disabled children open on each as-at day with their last assessment: the cohort behind
-- cwd_no_assessment_12m.
with children as (
    select
        la_code,
        as_at_date,
        person_id,
        team,
        age_band,
        last_assessment_date,
        days_since_last_assessment
    from {{ ref('int_disabled_children_on_days') }}
)

{{ with_metric_flags('children', 'person_id', ['cwd_no_assessment_12m'], 'as_at_date') }}
