-- Children on a child protection plan on each as-at day with their last seen visit: the
-- cohort behind cp_visit_within_10wd (NULL while the plan has run 10 working days or fewer).
with children as (
    select
        la_code,
        as_at_date,
        person_id,
        team,
        working_days_on_plan,
        last_seen_visit_date,
        working_days_since_seen_visit,
        disability,
        age_band,
        sex,
        ethnicity_group
    from {{ ref('int_cp_children_on_days') }}
)

{{ with_metric_flags('children', 'person_id', ['cp_visit_within_10wd'], 'as_at_date') }}
