{{ config(materialized='ephemeral') }}
-- Every loaded CIN census return's Section47 elements as s47 enquiries: the shape of
-- stg_s47_enquiries, with provenance and the history columns (macro history_columns). An
-- enquiry's id is made from its child and start date. A return records no end date, outcome,
-- team or worker: s47_to_icpc counts its enquiries on their start (int_s47_enquiries), as for
-- Annex A. ICPCnotRequired is kept as icpc_deemed_unnecessary.
select
    enquiry.la_code,
    {{ record_id_from_key('enquiry.child_id', 'enquiry.s47_start_date') }} as s47_enquiry_id,
    {{ record_id_from_key('enquiry.child_id', 'enquiry.referral_date') }} as referral_id,
    enquiry.child_id as person_id,
    enquiry.s47_start_date as start_date,
    cast(null as date) as end_date,
    false as is_nfa,
    coalesce(enquiry.icpc_not_required, false) as icpc_deemed_unnecessary,
    cast(null as varchar[]) as outcome_codes,
    cast(null as varchar) as team,
    cast(null as varchar) as worker_id,
    {{ history_columns('cin_census_s47_enquiries', 's47_enquiries', 'enquiry') }}
from {{ snapshot_rows('cin_census_s47_enquiries') }} as enquiry
