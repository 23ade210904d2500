-- Initial child protection conferences. team is NULL when the conference has none recorded
-- (int_icpcs then takes its enquiry's team).
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
    {{ team_name('icpc_icpc_team', 'conference') }} as team,
    conference.icpc_icpc_worker_id as worker_id,
    conference.source_file,
    conference.source_row
from {{ current_snapshot_rows('ssd_initial_cp_conference') }} as conference
