{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_disability rows as disabilities: the shape of stg_disabilities,
-- with provenance and the history columns (macro history_columns).
select
    disability.la_code,
    disability.disa_table_id as disability_record_id,
    disability.disa_person_id as person_id,
    disability.disa_disability_code as disability_code,
    {{ history_columns('ssd_disability', 'disabilities', 'disability') }}
from {{ snapshot_rows('ssd_disability') }} as disability
