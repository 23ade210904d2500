{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_initial_cp_conference rows as icpcs: the shape of stg_icpcs,
-- with provenance and the history columns (macro history_columns).
select
    conference.la_code,
    conference.icpc_icpc_id as icpc_id,
    conference.icpc_icpc_meeting_id as meeting_id,
    conference.icpc_s47_enquiry_id as s47_enquiry_id,
    conference.icpc_person_id as person_id,
    conference.icpc_cp_plan_id as cp_plan_id,
    conference.icpc_referral_id as referral_id,
    {{ flag('conference.icpc_icpc_transfer_in') }} as is_transfer_in,
    conference.icpc_icpc_target_date as target_date,
    conference.icpc_icpc_date as icpc_date,
    {{ flag('conference.icpc_icpc_outcome_cp_flag') }} as led_to_cp_plan,
    conference.icpc_icpc_outcome_json as outcome_codes,
    conference.icpc_icpc_team as team,
    conference.icpc_icpc_worker_id as worker_id,
    {{ history_columns('ssd_initial_cp_conference', 'icpcs', 'conference') }}
from {{ snapshot_rows('ssd_initial_cp_conference') }} as conference
