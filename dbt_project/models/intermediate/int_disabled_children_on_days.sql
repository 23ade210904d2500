-- Disabled children open on each as-at day, with the last assessment of the child authorised
-- on or before the day. assessed_in_12m: that authorisation falls in the 12 months before the
-- day (after the day minus 12 calendar months, up to the day).
with disabled_children as (
    select *
    from {{ ref('int_children_open_on_days') }}
    where disability = 'Disabled'
),

authorisations as (
    select la_code, person_id, authorised_date
    from {{ ref('stg_assessments') }}
    where authorised_date is not null
),

with_last_assessment as (
    {{ with_last_event_on_or_before('disabled_children', 'authorisations', 'authorised_date', 'last_assessment_date') }}
)

select
    la_code,
    as_at_date,
    person_id,
    team,
    age_band,
    last_assessment_date,
    as_at_date - last_assessment_date as days_since_last_assessment,
    coalesce(last_assessment_date > {{ months_before('as_at_date', 12) }}, false) as assessed_in_12m
from with_last_assessment
