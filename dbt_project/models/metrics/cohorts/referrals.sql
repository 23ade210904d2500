{{ metric_cohort(
    cohort=ref('int_referrals'),
    period_date='referral_date',
    record_id='referral_id',
    slices=['team', 'disability'],
) }}
