{{ config(materialized='ephemeral') }}
-- The one place exact dates of birth are read past the raw layer. Ephemeral: dbt inlines this
-- query into the models that turn it into an age band, so no table or view stores it.
select
    la_code,
    pers_person_id as person_id,
    pers_dob as birth_date
from {{ current_snapshot_rows('ssd_person') }}
