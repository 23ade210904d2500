{{ config(materialized='ephemeral') }}
-- Every loaded Annex A workbook's children: one record per child and workbook, from the rows of
-- every child list that name the child (macro tables_feeding), in the shape of stg_children,
-- with provenance and the history columns (macro history_columns).
-- *Reading:* a child is often on several lists of one workbook, and the lists may disagree.
-- Each answer is taken from the child's most recent row that gives a known one: most recent by
-- the row's own date (referral, assessment start, enquiry start, episode or plan start, ...),
-- then the higher list, then the lower row on the sheet; "not stated/recorded" (sex U) and "not
-- known" or "refused" (ethnicity NOBT, REFU) count only when no row gives more. The record's
-- provenance is the row its date of birth is read from (stg_birth_dates), the most recent row
-- that gives one, else the child's most recent row. Across workbooks the history's rule holds:
-- the newest workbook that lists the child replaces what earlier ones said.
-- The logic is macro annex_a_children (macros/annex_a_records.sql), which the unit tests run on
-- hand-made rows of the lists.
{{ annex_a_children(snapshot_rows_feeding('annex_a', 'children')) }}
