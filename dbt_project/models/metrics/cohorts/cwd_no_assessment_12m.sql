{{ metric_cohort(
    cohort=ref('int_disabled_children_on_days'),
    period_date='as_at_date',
    record_id='person_id',
    met='not assessed_in_12m',
    slices=['team'],
) }}
