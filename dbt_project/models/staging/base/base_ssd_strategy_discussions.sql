{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ext_strategy_discussions rows as strategy discussions: the shape of
-- stg_strategy_discussions, with provenance and the history columns (macro history_columns).
select
    discussion.la_code,
    discussion.strd_strategy_discussion_id as strategy_discussion_id,
    discussion.strd_person_id as person_id,
    discussion.strd_referral_id as referral_id,
    discussion.strd_s47_enquiry_id as s47_enquiry_id,
    discussion.strd_discussion_date as discussion_date,
    discussion.strd_agencies_json as agencies,
    discussion.strd_outcome as outcome,
    {{ history_columns('ext_strategy_discussions', 'strategy_discussions', 'discussion') }}
from {{ snapshot_rows('ext_strategy_discussions') }} as discussion
