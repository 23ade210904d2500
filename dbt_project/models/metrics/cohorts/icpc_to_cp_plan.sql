{{ metric_cohort(
    cohort=ref('int_icpcs'),
    where='not is_transfer_in',
    period_date='icpc_date',
    record_id='icpc_id',
    met='led_to_cp_plan',
    slices=standard_slices(),
) }}
