-- Initial child protection conferences. team is NULL when the conference has none recorded
-- (int_icpcs then takes its enquiry's team).
-- The assembled history of icpcs (macro assembled_history).
with conference as (
    {{ assembled_history('icpcs', {
        'ssd': ref('base_ssd_icpcs'),
        'annex_a': ref('base_annex_a_icpcs'),
        'cin_census': ref('base_cin_census_icpcs'),
    }) }}
)

select
    conference.la_code,
    conference.icpc_id,
    conference.meeting_id,
    conference.s47_enquiry_id,
    conference.person_id,
    conference.cp_plan_id,
    conference.referral_id,
    conference.is_transfer_in,
    conference.target_date,
    conference.icpc_date,
    conference.led_to_cp_plan,
    conference.outcome_codes,
    {{ team_name('team', 'conference') }} as team,
    conference.worker_id,
    {{ provenance_columns('conference') }}
from conference
