{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ext_prevent_referrals rows as prevent referrals: the shape of
-- stg_prevent_referrals, with provenance and the history columns (macro history_columns).
select
    referral.la_code,
    referral.prev_prevent_referral_id as prevent_referral_id,
    referral.prev_person_id as person_id,
    referral.prev_referral_date as referral_date,
    referral.prev_mash_referral_date as mash_referral_date,
    {{ flag('referral.prev_recorded_on_file') }} as recorded_on_file,
    referral.prev_channel_panel_date as channel_panel_date,
    referral.prev_outcome as outcome,
    {{ history_columns('ext_prevent_referrals', 'prevent_referrals', 'referral') }}
from {{ snapshot_rows('ext_prevent_referrals') }} as referral
