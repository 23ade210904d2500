{{ metric_cohort(
    cohort=ref('int_case_notes_on_days'),
    period_date='as_at_date',
    record_id='person_id',
    met='chronology_updated_3m',
    slices=['team'],
) }}
