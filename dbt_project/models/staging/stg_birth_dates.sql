{{ config(materialized='ephemeral') }}
-- The one place exact dates of birth are read past the raw layer. Ephemeral: dbt inlines this
-- query into the models that turn it into an age band, so no table or view stores it. Each
-- child's date of birth is read from the very raw row its assembled record (stg_children)
-- came from, found by that record's provenance: an SSD extract's ssd_person row, the row of an
-- Annex A workbook's child list (its sheet and row) that base_annex_a_children chose, or a CIN
-- census return's Child element (its element path): its PersonBirthDate, else (an unborn child)
-- its ExpectedPersonBirthDate.
select
    child.la_code,
    child.person_id,
    person.pers_dob as birth_date
from {{ ref('stg_children') }} as child
inner join {{ source('raw', 'ssd_person') }} as person
    on person.la_code = child.la_code
    and person.snapshot_date = child.source_extract_date
    and person.source_file = child.source_file
    and person.source_row = child.source_row
where child.source_kind = 'ssd'

union all

select
    child.la_code,
    child.person_id,
    list.date_of_birth as birth_date
from {{ ref('stg_children') }} as child
inner join (
    {%- for table in tables_feeding('annex_a', 'children') %}
    select la_code, snapshot_date, source_sheet, source_row, date_of_birth
    from {{ source('raw', table.name) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
) as list
    on list.la_code = child.la_code
    and list.snapshot_date = child.source_extract_date
    and list.source_sheet = child.source_location
    and list.source_row = child.source_row
where child.source_kind = 'annex_a'

union all

select
    child.la_code,
    child.person_id,
    coalesce(census.date_of_birth, census.expected_birth_date) as birth_date
from {{ ref('stg_children') }} as child
inner join {{ source('raw', 'cin_census_children') }} as census
    on census.la_code = child.la_code
    and census.snapshot_date = child.source_extract_date
    and census.source_element = child.source_location
where child.source_kind = 'cin_census'
