{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_s47_enquiry rows as s47 enquiries: the shape of
-- stg_s47_enquiries, with provenance and the history columns (macro history_columns).
select
    enquiry.la_code,
    enquiry.s47e_s47_enquiry_id as s47_enquiry_id,
    enquiry.s47e_referral_id as referral_id,
    enquiry.s47e_person_id as person_id,
    enquiry.s47e_s47_start_date as start_date,
    enquiry.s47e_s47_end_date as end_date,
    {{ flag('enquiry.s47e_s47_nfa') }} as is_nfa,
    cast(null as boolean) as icpc_deemed_unnecessary,
    enquiry.s47e_s47_outcome_json as outcome_codes,
    enquiry.s47e_s47_completed_by_team as team,
    enquiry.s47e_s47_completed_by_worker_id as worker_id,
    {{ history_columns('ssd_s47_enquiry', 's47_enquiries', 'enquiry') }}
from {{ snapshot_rows('ssd_s47_enquiry') }} as enquiry
