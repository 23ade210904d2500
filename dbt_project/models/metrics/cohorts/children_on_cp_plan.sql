-- A child with two plans running on the day counts once.
with children as (
    select distinct la_code, as_at_date, person_id, team, disability
    from {{ ref('int_cp_plans_on_days') }}
)

{{ metric_cohort(
    cohort='children',
    period_date='as_at_date',
    record_id='person_id',
    slices=['team', 'disability'],
) }}
