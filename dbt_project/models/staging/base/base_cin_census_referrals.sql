{{ config(materialized='ephemeral') }}
-- Every loaded CIN census return's CINdetails elements as referrals: the shape of
-- stg_referrals, with provenance and the history columns (macro history_columns). The referral
-- half of an episode (the CIN episode half is base_cin_census_cin_episodes). A referral's id is
-- made from its child and date, so the same referral in next year's return is the same record.
-- A return records no outcome codes, teams or workers; an empty ReferralNFA reads as No.
select
    episode.la_code,
    {{ record_id_from_key('episode.child_id', 'episode.referral_date') }} as referral_id,
    episode.child_id as person_id,
    episode.referral_date,
    episode.referral_source as source_code,
    cast(null as varchar[]) as outcome_codes,
    coalesce(episode.referral_nfa, false) as is_nfa,
    cast(null as varchar) as team,
    cast(null as varchar) as worker_id,
    {{ history_columns('cin_census_referrals', 'referrals', 'episode') }}
from {{ snapshot_rows('cin_census_referrals') }} as episode
