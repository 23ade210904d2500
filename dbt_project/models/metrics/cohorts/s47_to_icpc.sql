{{ metric_cohort(
    cohort=ref('int_s47_enquiries'),
    where='conversion_date is not null',
    period_date='conversion_date',
    record_id='s47_enquiry_id',
    met='converted',
    slices=standard_slices() + [{'worker': "coalesce(worker_id, 'Not recorded')"}],
) }}
