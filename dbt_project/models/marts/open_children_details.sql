-- Children open on each as-at day (month ends and the extract date) with their team on the
-- day: the cohort behind children_open.
with children as (
    select
        la_code,
        as_at_date,
        person_id,
        team,
        disability,
        age_band,
        sex,
        ethnicity_group
    from {{ ref('int_children_open_on_days') }}
)

{{ with_metric_flags('children', 'person_id', ['children_open'], 'as_at_date') }}
