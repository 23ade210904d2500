{{ metric_cohort(
    cohort=ref('int_homeless_presentations'),
    period_date='presentation_date',
    record_id='presentation_id',
    slices=['outcome'],
) }}
