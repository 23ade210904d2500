{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_contacts rows as contacts: the shape of stg_contacts, with
-- provenance and the history columns (macro history_columns). The source description is not
-- selected: it can hold free text.
select
    contact.la_code,
    contact.cont_contact_id as contact_id,
    contact.cont_person_id as person_id,
    contact.cont_contact_date as contact_date,
    contact.cont_contact_source_code as source_code,
    contact.cont_contact_outcome_json as outcome_codes,
    {{ history_columns('ssd_contacts', 'contacts', 'contact') }}
from {{ snapshot_rows('ssd_contacts') }} as contact
