-- One row per referral, NFA ones included: the cohort behind re_referral_12m (and the
-- referrals count).
with referrals as (
    select
        la_code,
        referral_id,
        person_id,
        team,
        worker_id,
        referral_date,
        close_date,
        is_nfa,
        disability,
        age_band,
        sex,
        ethnicity_group,
        source_file,
        source_location,
        source_row
    from {{ ref('int_referrals') }}
)

{{ with_metric_flags('referrals', 'referral_id', ['re_referral_12m', 'referrals']) }}
