{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_person rows as children: the shape of stg_children, with
-- provenance and the history columns (macro history_columns). Names, UPN, legacy and unique ids,
-- dates of birth and nationality are not selected: from here on a child is its case-system id.
select
    person.la_code,
    person.pers_person_id as person_id,
    person.pers_sex as sex,
    person.pers_gender as gender,
    person.pers_ethnicity as ethnicity_code,
    {{ flag('person.pers_send_flag') }} as has_send,
    person.pers_death_date as death_date,
    {{ history_columns('ssd_person', 'children', 'person') }}
from {{ snapshot_rows('ssd_person') }} as person
