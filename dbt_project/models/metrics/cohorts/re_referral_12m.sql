{{ metric_cohort(
    cohort=ref('int_referrals'),
    period_date='referral_date',
    record_id='referral_id',
    met='follows_referral_in_12m',
    slices=standard_slices(),
) }}
