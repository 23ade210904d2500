{{ metric_cohort(
    cohort=ref('int_prevent_referrals'),
    period_date='referral_date',
    record_id='prevent_referral_id',
    met='sent_to_mash',
    slices=['age_band'],
) }}
