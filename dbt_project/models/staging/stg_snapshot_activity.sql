-- The newest dated activity of each kind in every loaded snapshot (not only the current one),
-- whatever kind of delivery it is: the latest referral, assessment (start or authorisation),
-- visit (to a child in need, on a plan or in care) and case note it holds. delivery_freshness
-- judges from these whether a snapshot is a fresh export or an old one under a new date. Rows
-- dated after the extract date never reach raw (the loader quarantines them).
{%- set dated_columns = [
    ('ssd_cin_episodes', 'referral', 'cine_referral_date'),
    ('ssd_cin_assessments', 'assessment', 'cina_assessment_start_date'),
    ('ssd_cin_assessments', 'assessment', 'cina_assessment_auth_date'),
    ('ssd_cin_visits', 'visit', 'cinv_cin_visit_date'),
    ('ssd_cp_visits', 'visit', 'cppv_cp_visit_date'),
    ('ext_case_notes', 'case note', 'note_note_date'),
    ('annex_a_list_3', 'referral', 'referral_date'),
    ('annex_a_list_4', 'assessment', 'assessment_start_date'),
    ('annex_a_list_4', 'assessment', 'assessment_authorised_date'),
    ('annex_a_list_7', 'visit', 'last_statutory_visit_date'),
    ('annex_a_list_8', 'visit', 'last_visit_date'),
    ('cin_census_referrals', 'referral', 'referral_date'),
    ('cin_census_assessments', 'assessment', 'assessment_start_date'),
    ('cin_census_assessments', 'assessment', 'assessment_authorised_date'),
] %}
with activity as (
    {%- for table, activity, column in dated_columns %}
    select la_code, snapshot_date, '{{ activity }}' as activity, max({{ column }}) as newest_date
    from {{ source('raw', table) }}
    group by la_code, snapshot_date
    {%- if not loop.last %}

    union all
    {% endif %}
    {%- endfor %}
)

select
    la_code,
    snapshot_date,
    activity,
    max(newest_date) as newest_date
from activity
where newest_date is not null
group by la_code, snapshot_date, activity
