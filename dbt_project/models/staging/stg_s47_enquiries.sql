-- The assembled history of s47 enquiries (macro assembled_history).
with enquiry as (
    {{ assembled_history('s47_enquiries', {'ssd': ref('base_ssd_s47_enquiries')}) }}
)

select
    enquiry.la_code,
    enquiry.s47_enquiry_id,
    enquiry.referral_id,
    enquiry.person_id,
    enquiry.start_date,
    enquiry.end_date,
    enquiry.is_nfa,
    enquiry.outcome_codes,
    {{ team_name('team', 'enquiry') }} as team,
    enquiry.worker_id,
    {{ provenance_columns('enquiry') }}
from enquiry
