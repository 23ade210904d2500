-- One row per Prevent referral of a child vulnerable to radicalisation: the cohort behind
-- the area 10 metrics.
with prevent_referrals as (
    select
        la_code,
        prevent_referral_id,
        person_id,
        referral_date,
        mash_referral_date,
        channel_panel_date,
        outcome,
        age_band,
        source_file,
        source_row
    from {{ ref('int_prevent_referrals') }}
)

{{ with_metric_flags('prevent_referrals', 'prevent_referral_id', [
    'prevent_sent_to_mash',
    'prevent_recorded_on_file',
]) }}
