-- Case notes: their type and date only (the extract carries no text, and the loader keeps no
-- extra columns for this table).
-- The assembled history of case notes (macro assembled_history).
with note as (
    {{ assembled_history('case_notes', {'ssd': ref('base_ssd_case_notes')}) }}
)

select
    note.la_code,
    note.case_note_id,
    note.person_id,
    note.referral_id,
    note.note_date,
    note.note_type,
    note.worker_id,
    {{ team_name('team', 'note') }} as team,
    {{ provenance_columns('note') }}
from note
