{{ config(materialized='ephemeral') }}
-- Every loaded CIN census return's Disability elements as disabilities: the shape of
-- stg_disabilities, with provenance and the history columns (macro history_columns). A record's
-- id is the child's and the code's (`<child>@<code>`): a return lists each code of a child once.
-- Like SSD disability records they go by the child as a set: the newest return naming the
-- child replaces every earlier answer.
select
    disability.la_code,
    disability.child_id || '@' || disability.disability as disability_record_id,
    disability.child_id as person_id,
    disability.disability as disability_code,
    {{ history_columns('cin_census_disabilities', 'disabilities', 'disability') }}
from {{ snapshot_rows('cin_census_disabilities') }} as disability
