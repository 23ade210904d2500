-- The newest dated activity of each kind in every loaded snapshot (not only the current one):
-- the latest referral, assessment (start or authorisation), visit (to a child in need or on a
-- plan) and case note it holds. delivery_freshness judges from these whether a snapshot is a
-- fresh export or an old one under a new date. Rows dated after the extract date never reach
-- raw (the loader quarantines them).
with activity as (
    select la_code, snapshot_date, 'referral' as activity, max(cine_referral_date) as newest_date
    from {{ source('raw', 'ssd_cin_episodes') }}
    group by la_code, snapshot_date

    union all

    select la_code, snapshot_date, 'assessment', max(cina_assessment_start_date)
    from {{ source('raw', 'ssd_cin_assessments') }}
    group by la_code, snapshot_date

    union all

    select la_code, snapshot_date, 'assessment', max(cina_assessment_auth_date)
    from {{ source('raw', 'ssd_cin_assessments') }}
    group by la_code, snapshot_date

    union all

    select la_code, snapshot_date, 'visit', max(cinv_cin_visit_date)
    from {{ source('raw', 'ssd_cin_visits') }}
    group by la_code, snapshot_date

    union all

    select la_code, snapshot_date, 'visit', max(cppv_cp_visit_date)
    from {{ source('raw', 'ssd_cp_visits') }}
    group by la_code, snapshot_date

    union all

    select la_code, snapshot_date, 'case note', max(note_note_date)
    from {{ source('raw', 'ext_case_notes') }}
    group by la_code, snapshot_date
)

select
    la_code,
    snapshot_date,
    activity,
    max(newest_date) as newest_date
from activity
where newest_date is not null
group by la_code, snapshot_date, activity
