{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_cin_episodes rows as cin episodes: the shape of stg_referrals,
-- with provenance and the history columns (macro history_columns). The children-in-need episode
-- half of an episode row (the referral half is base_ssd_referrals).
select
    episode.la_code,
    episode.cine_referral_id as episode_id,
    episode.cine_person_id as person_id,
    episode.cine_referral_date as start_date,
    episode.cine_cin_primary_need_code as primary_need_code,
    episode.cine_close_reason as close_reason,
    episode.cine_close_date as close_date,
    episode.cine_referral_team as team,
    episode.cine_referral_worker_id as worker_id,
    {{ history_columns('ssd_cin_episodes', 'cin_episodes', 'episode') }}
from {{ snapshot_rows('ssd_cin_episodes') }} as episode
