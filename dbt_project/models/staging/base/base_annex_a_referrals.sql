{{ config(materialized='ephemeral') }}
-- Every loaded Annex A workbook's List 3 rows as referrals: the shape of stg_referrals, with
-- provenance and the history columns (macro history_columns). A referral's id is made from its
-- child and date; the list has no outcome codes, and an empty NFA answer reads as No.
select
    list.la_code,
    {{ record_id_from_key('list.child_id', 'list.referral_date') }} as referral_id,
    list.child_id as person_id,
    list.referral_date,
    list.referral_source as source_code,
    cast(null as varchar[]) as outcome_codes,
    coalesce(list.referral_nfa, false) as is_nfa,
    list.team,
    list.worker_id,
    {{ history_columns('annex_a_list_3', 'referrals', 'list') }}
from {{ snapshot_rows('annex_a_list_3') }} as list
