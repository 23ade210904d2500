{{ config(materialized='ephemeral') }}
-- Every loaded Annex A workbook's disability answers: one record per row of a child list that
-- answers the disability question (macro tables_feeding), in the shape of stg_disabilities,
-- with provenance and the history columns (macro history_columns). The code is the answer as
-- the loader read it: YES (disabled, no code given), a CIN census disability code (disabled),
-- NONE (not disabled) or NOT_KNOWN. The record's id names the child and where the answer was:
-- `<child>@List <n> row <row>`. Like SSD disability records they go by the child as a set: the
-- newest workbook with any answer for the child replaces every earlier answer (int_children
-- reads the set).
-- The logic is macro annex_a_disabilities (macros/annex_a_records.sql), which the unit tests
-- run on hand-made rows of the lists.
{{ annex_a_disabilities(snapshot_rows_feeding('annex_a', 'disabilities')) }}
