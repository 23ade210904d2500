{{ metric_cohort(
    cohort=ref('int_prevent_referrals'),
    period_date='referral_date',
    record_id='prevent_referral_id',
    met='recorded_on_file',
    slices=['age_band'],
) }}
