{{ config(materialized='ephemeral') }}
-- Every loaded CIN census return's Child elements as children: the shape of stg_children, with
-- provenance and the history columns (macro history_columns). The UPN, former UPN and dates of
-- birth are not selected (stg_birth_dates reads the date of birth from the raw row); a return
-- records no gender identity and no SEN flag. Sex is the loader's code (1 M, 2 F, 0 and 9 U).
select
    child.la_code,
    child.child_id as person_id,
    child.sex,
    cast(null as varchar) as gender,
    child.ethnicity as ethnicity_code,
    cast(null as boolean) as has_send,
    child.death_date,
    {{ history_columns('cin_census_children', 'children', 'child') }}
from {{ snapshot_rows('cin_census_children') }} as child
