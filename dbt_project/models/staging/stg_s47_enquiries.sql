-- The assembled history of s47 enquiries (macro assembled_history). icpc_deemed_unnecessary:
-- the enquiry's record says an initial child protection conference was deemed unnecessary
-- (Annex A List 5; NULL where the delivery does not record it, as an SSD extract does not).
with enquiry as (
    {{ assembled_history('s47_enquiries', {
        'ssd': ref('base_ssd_s47_enquiries'),
        'annex_a': ref('base_annex_a_s47_enquiries'),
        'cin_census': ref('base_cin_census_s47_enquiries'),
    }) }}
)

select
    enquiry.la_code,
    enquiry.s47_enquiry_id,
    enquiry.referral_id,
    enquiry.person_id,
    enquiry.start_date,
    enquiry.end_date,
    enquiry.is_nfa,
    enquiry.icpc_deemed_unnecessary,
    enquiry.outcome_codes,
    {{ team_name('team', 'enquiry') }} as team,
    enquiry.worker_id,
    {{ provenance_columns('enquiry') }}
from enquiry
