{{ config(materialized='ephemeral') }}
-- Every loaded Annex A workbook's List 5 rows that hold a conference date, as initial child
-- protection conferences: the shape of stg_icpcs, with provenance and the history columns
-- (macro history_columns; a workbook covers an ICPC by its enquiry's start, the date that puts
-- the row in the list). A conference's id is made from its child and date, and also its
-- enquiry's start where several rows of the child give the date (macro
-- conference_id_from_enquiry: each row is a conference of its own enquiry); it points at the
-- enquiry of its own row. A conference on List 5 follows this authority's own enquiry, so it is
-- never a transfer in. Whether it resulted in a plan is the list's answer (empty reads as No).
-- The logic is macro annex_a_icpcs (macros/annex_a_records.sql), which the unit tests run on
-- hand-made rows of the list.
{{ annex_a_icpcs(snapshot_rows('annex_a_list_5')) }}
