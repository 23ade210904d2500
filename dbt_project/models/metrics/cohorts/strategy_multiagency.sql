{{ metric_cohort(
    cohort=ref('int_strategy_discussions'),
    period_date='discussion_date',
    record_id='strategy_discussion_id',
    met='multi_agency',
    slices=standard_slices() + ['case_status'],
) }}
