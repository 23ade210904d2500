{{ metric_cohort(
    cohort=ref('int_direct_payments_on_days'),
    period_date='as_at_date',
    record_id='direct_payment_id',
    met='review_overdue',
) }}
