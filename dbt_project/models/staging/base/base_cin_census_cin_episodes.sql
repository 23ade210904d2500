{{ config(materialized='ephemeral') }}
-- Every loaded CIN census return's CINdetails elements as children-in-need episodes: the shape
-- of the episode half of stg_referrals, with provenance and the history columns (macro
-- history_columns). An episode's id is made from its child and referral date, as its
-- referral's is.
select
    episode.la_code,
    {{ record_id_from_key('episode.child_id', 'episode.referral_date') }} as episode_id,
    episode.child_id as person_id,
    episode.referral_date as start_date,
    episode.primary_need as primary_need_code,
    episode.closure_reason as close_reason,
    episode.cin_closure_date as close_date,
    cast(null as varchar) as team,
    cast(null as varchar) as worker_id,
    {{ history_columns('cin_census_referrals', 'cin_episodes', 'episode') }}
from {{ snapshot_rows('cin_census_referrals') }} as episode
