{{ metric_cohort(
    cohort=ref('int_icpcs'),
    where='not is_transfer_in',
    period_date='icpc_date',
    record_id='icpc_id',
    met='working_days_from_s47_start <= ' ~ icpc_timescale_working_days(),
    slices=standard_slices(),
) }}
