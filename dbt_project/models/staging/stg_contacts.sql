-- The source description is left in raw: it can hold free text.
-- The assembled history of contacts (macro assembled_history).
with contact as (
    {{ assembled_history('contacts', {'ssd': ref('base_ssd_contacts')}) }}
)

select
    contact.la_code,
    contact.contact_id,
    contact.person_id,
    contact.contact_date,
    contact.source_code,
    contact.outcome_codes,
    {{ provenance_columns('contact') }}
from contact
