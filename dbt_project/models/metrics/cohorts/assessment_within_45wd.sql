{{ metric_cohort(
    cohort=ref('int_assessments'),
    where='authorised_date is not null',
    period_date='authorised_date',
    record_id='assessment_id',
    met='working_days_to_authorisation <= ' ~ assessment_timescale_working_days(),
    slices=standard_slices(),
) }}
