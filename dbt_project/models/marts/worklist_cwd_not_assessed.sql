-- Disabled children open on the extract date with no assessment authorised in the 12 months
-- before it, longest without first (never assessed at the top). reassessment_due_date: the last
-- day on which the last assessment was still within 12 months (NULL when never assessed).
select
    child.la_code,
    child.as_at_date,
    child.person_id,
    child.team,
    child.last_assessment_date,
    child.days_since_last_assessment,
    cast(child.last_assessment_date + interval 12 months - interval 1 day as date) as reassessment_due_date,
    child.age_band
from {{ ref('int_disabled_children_on_days') }} as child
where {{ is_extract_date('child') }}
    and not child.assessed_in_12m
    and {{ worklist_is_available('worklist_cwd_not_assessed', 'child.la_code') }}
order by la_code, last_assessment_date nulls first, person_id
