-- Children with 3 or more referrals dated in the 24 months before each as-at day (after the
-- day minus 24 calendar months, up to and including the day; NFA referrals count), with
-- whether any of the child's assessments authorised in those 24 months records neglect
-- (factor 16A). team: the child's team on the day (its most recent open episode's, else its
-- most recent referral's).
-- Only a child with 3 or more referrals in all can have 3 in 24 months: the others (most
-- children) are left out before every as-at day is paired with every referral.
with referrals_of_repeated_children as (
    select la_code, person_id, referral_date
    from {{ ref('stg_referrals') }}
    qualify count(*) over (partition by la_code, person_id) >= 3
),

referrals_in_window as (
    select
        as_at_day.la_code,
        as_at_day.as_at_date,
        referral.person_id,
        count(*) as referrals_in_24m,
        max(referral.referral_date) as last_referral_date
    from {{ ref('int_as_at_days') }} as as_at_day
    inner join referrals_of_repeated_children as referral
        on referral.la_code = as_at_day.la_code
        and referral.referral_date <= as_at_day.as_at_date
        and referral.referral_date > {{ months_before('as_at_day.as_at_date', 24) }}
    group by as_at_day.la_code, as_at_day.as_at_date, referral.person_id
    having count(*) >= 3
),

children as (
    select
        repeated.*,
        exists (
            select 1
            from {{ ref('int_assessments') }} as assessment
            where assessment.la_code = repeated.la_code
                and assessment.person_id = repeated.person_id
                and assessment.records_neglect
                and assessment.authorised_date <= repeated.as_at_date
                and assessment.authorised_date > {{ months_before('repeated.as_at_date', 24) }}
        ) as neglect_recorded_in_24m
    from referrals_in_window as repeated
),

facts as (
    {{ with_child_team_on_day('children', 'as_at_date') }}
)

{{ with_child_attributes('facts', 'as_at_date') }}
