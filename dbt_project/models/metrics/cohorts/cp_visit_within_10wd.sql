{{ metric_cohort(
    cohort=ref('int_cp_visit_checks'),
    where='working_days_on_plan > 10',
    period_date='as_at_date',
    record_id='person_id',
    met='visited_within_10wd',
    slices=standard_slices(),
) }}
