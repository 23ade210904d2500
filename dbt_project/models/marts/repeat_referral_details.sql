-- Children with 3 or more referrals in the 24 months before each as-at day: the cohort behind
-- repeat_referrals_without_neglect.
with children as (
    select
        la_code,
        as_at_date,
        person_id,
        team,
        referrals_in_24m,
        last_referral_date,
        neglect_recorded_in_24m
    from {{ ref('int_repeat_referrals_on_days') }}
)

{{ with_metric_flags('children', 'person_id', ['repeat_referrals_without_neglect'], 'as_at_date') }}
