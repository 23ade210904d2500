{{ metric_cohort(
    cohort=ref('int_repeat_referrals_on_days'),
    period_date='as_at_date',
    record_id='person_id',
    met='not neglect_recorded_in_24m',
    slices=['team'],
) }}
