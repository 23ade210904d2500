{{ config(materialized='ephemeral') }}
-- Every loaded Annex A workbook's List 4 rows as assessments: the shape of stg_assessments, with
-- provenance and the history columns (macro history_columns). An assessment's id is made from
-- its child and start date. The list names no referral and records no outcome codes: whether
-- the child was assessed as needing support is kept as outcome_needs_support, and "no" reads
-- as the assessment's no further action. The child-seen answer is the list's flag; an empty or
-- unknown answer reads as No, as an SSD flag does (the metrics count what is recorded as done).
-- The logic is macro annex_a_assessments (macros/annex_a_records.sql), which the unit tests run on
-- hand-made rows of the list.
{{ annex_a_assessments(snapshot_rows('annex_a_list_4')) }}
