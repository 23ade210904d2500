{{ metric_cohort(
    cohort=ref('int_s47_enquiries'),
    period_date='start_date',
    record_id='s47_enquiry_id',
    slices=['team', 'disability'],
) }}
