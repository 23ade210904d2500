{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_cin_episodes rows as referrals: the shape of stg_referrals, with
-- provenance and the history columns (macro history_columns). The referral half of an episode row
-- (the CIN episode half is base_ssd_cin_episodes). The source description is not selected: it can
-- hold free text.
select
    referral.la_code,
    referral.cine_referral_id as referral_id,
    referral.cine_person_id as person_id,
    referral.cine_referral_date as referral_date,
    referral.cine_referral_source_code as source_code,
    referral.cine_referral_outcome_json as outcome_codes,
    {{ flag('referral.cine_referral_nfa') }} as is_nfa,
    referral.cine_referral_team as team,
    referral.cine_referral_worker_id as worker_id,
    {{ history_columns('ssd_cin_episodes', 'referrals', 'referral') }}
from {{ snapshot_rows('ssd_cin_episodes') }} as referral
