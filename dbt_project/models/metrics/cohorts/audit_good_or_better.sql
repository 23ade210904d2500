{{ metric_cohort(
    cohort=ref('int_case_audits'),
    period_date='audit_date',
    record_id='audit_id',
    met='good_or_better',
    slices=['audit_area', 'team'],
) }}
