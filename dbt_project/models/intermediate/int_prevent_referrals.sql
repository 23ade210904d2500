-- One row per Prevent referral of a child vulnerable to radicalisation. sent_to_mash: a MASH
-- referral date is recorded. Child attributes are taken on the Prevent referral date.
with facts as (
    select
        la_code,
        prevent_referral_id,
        person_id,
        referral_date,
        mash_referral_date,
        mash_referral_date is not null as sent_to_mash,
        recorded_on_file,
        channel_panel_date,
        outcome,
        source_file,
        source_row
    from {{ ref('stg_prevent_referrals') }}
)

{{ with_child_attributes('facts', 'referral_date') }}
