{{ config(materialized='ephemeral') }}
-- Every loaded Annex A workbook's List 7 rows as child protection plans: the shape of
-- stg_cp_plans, with provenance and the history columns (macro history_columns). A plan's id is
-- made from its child and start date; the list names no referral or conference, and its plans
-- are the authority's own. The last statutory visit is not a visit record (the list gives only
-- the latest, as known on the workbook's extract date): stg_cp_last_visits keeps it workbook
-- by workbook.
-- The logic is macro annex_a_cp_plans (macros/annex_a_records.sql), which the unit tests run on
-- hand-made rows of the list.
{{ annex_a_cp_plans(snapshot_rows('annex_a_list_7')) }}
