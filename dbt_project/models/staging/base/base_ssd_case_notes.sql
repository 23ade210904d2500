{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ext_case_notes rows as case notes: the shape of stg_case_notes, with
-- provenance and the history columns (macro history_columns). Case notes: their type and date only
-- (the extract carries no text, and the loader keeps no extra columns for this table).
select
    note.la_code,
    note.note_case_note_id as case_note_id,
    note.note_person_id as person_id,
    note.note_referral_id as referral_id,
    note.note_note_date as note_date,
    note.note_note_type as note_type,
    note.note_worker_id as worker_id,
    note.note_team as team,
    {{ history_columns('ext_case_notes', 'case_notes', 'note') }}
from {{ snapshot_rows('ext_case_notes') }} as note
