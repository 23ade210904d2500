{{ metric_cohort(
    cohort=ref('int_cp_children_on_days'),
    period_date='as_at_date',
    record_id='person_id',
    slices=['team', 'disability'],
) }}
