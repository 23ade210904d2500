{{ metric_cohort(
    cohort=ref('int_icpcs'),
    period_date='icpc_date',
    record_id='icpc_id',
    slices=['team', 'disability'],
) }}
