{{ config(materialized='ephemeral') }}
-- Every loaded Annex A workbook's children: one record per child and workbook, from the rows of
-- every child list that name the child (macro tables_feeding), in the shape of stg_children,
-- with provenance and the history columns (macro history_columns).
-- *Reading:* a child is often on several lists of one workbook, and the lists may disagree.
-- Each answer is taken from the child's most recent row that gives a known one: most recent by
-- the row's own date (referral, assessment start, enquiry start, episode or plan start, ...),
-- then the higher list, then the lower row on the sheet; "not stated/recorded" (sex U) and "not
-- known" or "refused" (ethnicity NOBT, REFU) count only when no row gives more. Across
-- workbooks the newest one that gives an answer wins: each workbook listing the child makes
-- its record from its own rows and the earlier workbooks' (a workbook silent on the child's sex
-- keeps what an earlier one said), and the history's rule keeps the newest workbook's record.
-- The record's provenance is the row its date of birth is read from (stg_birth_dates), the most
-- recent row that gives one (perhaps of an earlier workbook), else the child's most recent row.
-- A record from an SSD extract is replaced whole by a later workbook listing the child.
-- The logic is macro annex_a_children (macros/annex_a_records.sql), which the unit tests run on
-- hand-made rows of the lists.
{{ annex_a_children(snapshot_rows_feeding('annex_a', 'children')) }}
