-- One row per practice audit with its grade: the cohort behind audit_good_or_better.
with audits as (
    select
        la_code,
        audit_id,
        person_id,
        team,
        audit_date,
        audit_area,
        grade,
        is_moderated,
        source_file,
        source_row
    from {{ ref('int_case_audits') }}
)

{{ with_metric_flags('audits', 'audit_id', ['audit_good_or_better']) }}
