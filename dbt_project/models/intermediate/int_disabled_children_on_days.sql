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
)

select
    child.la_code,
    child.as_at_date,
    child.person_id,
    child.team,
    child.age_band,
    authorisations.authorised_date as last_assessment_date,
    child.as_at_date - authorisations.authorised_date as days_since_last_assessment,
    coalesce(
        authorisations.authorised_date > {{ months_before('child.as_at_date', 12) }}, false
    ) as assessed_in_12m
from disabled_children as child
asof left join authorisations
    on authorisations.la_code = child.la_code
    and authorisations.person_id = child.person_id
    and authorisations.authorised_date <= child.as_at_date
