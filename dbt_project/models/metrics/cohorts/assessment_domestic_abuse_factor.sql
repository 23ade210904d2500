{{ metric_cohort(
    cohort=ref('int_assessments'),
    where='authorised_date is not null',
    period_date='authorised_date',
    record_id='assessment_id',
    met='records_domestic_abuse',
    slices=standard_slices(),
) }}
