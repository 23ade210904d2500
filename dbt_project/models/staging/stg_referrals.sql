-- One row per referral (a children-in-need episode). The source description is left in raw:
-- it can hold free text.
select
    referral.la_code,
    referral.cine_referral_id as referral_id,
    referral.cine_person_id as person_id,
    referral.cine_referral_date as referral_date,
    referral.cine_cin_primary_need_code as primary_need_code,
    referral.cine_referral_source_code as source_code,
    referral.cine_referral_outcome_json as outcome_codes,
    {{ flag('referral.cine_referral_nfa') }} as is_nfa,
    referral.cine_close_reason as close_reason,
    referral.cine_close_date as close_date,
    {{ team_name('cine_referral_team', 'referral') }} as team,
    referral.cine_referral_worker_id as worker_id,
    referral.source_file,
    referral.source_row
from {{ current_snapshot_rows('ssd_cin_episodes') }} as referral
