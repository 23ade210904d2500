{{ config(materialized='ephemeral') }}
-- Every loaded Annex A workbook's List 5 rows as section 47 enquiries: the shape of
-- stg_s47_enquiries, with provenance and the history columns (macro history_columns). An
-- enquiry's id is made from its child and start date. The list has no end date, no outcome and
-- no NFA answer; it says whether an initial child protection conference was deemed
-- unnecessary (icpc_deemed_unnecessary; empty or unknown reads as No). Team and worker are the
-- child's allocated ones on the row.
-- The logic is macro annex_a_s47_enquiries (macros/annex_a_records.sql), which the unit tests run on
-- hand-made rows of the list.
{{ annex_a_s47_enquiries(snapshot_rows('annex_a_list_5')) }}
