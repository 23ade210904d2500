{{ metric_cohort(
    cohort=ref('int_s47_enquiries'),
    where='end_date is not null',
    period_date='end_date',
    record_id='s47_enquiry_id',
    met='has_icpc',
    slices=standard_slices() + [{'worker': "coalesce(worker_id, 'Not recorded')"}],
) }}
