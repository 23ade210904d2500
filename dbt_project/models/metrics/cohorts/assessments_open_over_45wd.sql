{{ metric_cohort(
    cohort=ref('int_open_assessments_on_days'),
    where='working_days_elapsed > 45',
    period_date='as_at_date',
    record_id='assessment_id',
    slices=['team', 'disability'],
) }}
