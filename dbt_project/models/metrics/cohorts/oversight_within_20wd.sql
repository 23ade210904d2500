{{ metric_cohort(
    cohort=ref('int_case_notes_on_days'),
    period_date='as_at_date',
    record_id='person_id',
    met='oversight_within_20wd',
    slices=['team', 'disability', 'age_band'],
) }}
