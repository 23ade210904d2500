{{ metric_cohort(
    cohort=ref('int_homeless_presentations'),
    period_date='presentation_date',
    record_id='presentation_id',
    met='advised_of_s20_rights',
    slices=['sex', 'ethnicity_group'],
) }}
