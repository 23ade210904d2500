{{ config(materialized='ephemeral') }}
-- Every loaded Annex A workbook's List 6 rows as children-in-need episodes: the shape of the
-- episode half of stg_referrals, with provenance and the history columns (macro
-- history_columns). An episode's id is made from its child and start date, as its referral's is.
select
    list.la_code,
    {{ record_id_from_key('list.child_id', 'list.cin_start_date') }} as episode_id,
    list.child_id as person_id,
    list.cin_start_date as start_date,
    list.primary_need as primary_need_code,
    list.closure_reason as close_reason,
    list.cin_closure_date as close_date,
    list.team,
    list.worker_id,
    {{ history_columns('annex_a_list_6', 'cin_episodes', 'list') }}
from {{ snapshot_rows('annex_a_list_6') }} as list
