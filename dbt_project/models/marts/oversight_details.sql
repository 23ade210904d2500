-- Children open on each as-at day with their last management oversight or supervision note
-- and their last chronology update (authorities sending ext_case_notes only): the cohort
-- behind oversight_within_20wd and chronology_updated_3m.
with children as (
    select
        la_code,
        as_at_date,
        person_id,
        team,
        disability,
        age_band,
        last_oversight_date,
        working_days_since_oversight,
        last_chronology_date
    from {{ ref('int_case_notes_on_days') }}
)

{{ with_metric_flags('children', 'person_id', [
    'oversight_within_20wd',
    'chronology_updated_3m',
], 'as_at_date') }}
