-- One row per initial child protection conference with the timeliness and outcome flags
-- (NULL for transfers in, which those metrics leave out).
with conferences as (
    select
        la_code,
        icpc_id,
        s47_enquiry_id,
        person_id,
        team,
        worker_id,
        s47_start_date,
        icpc_date,
        working_days_from_s47_start,
        is_transfer_in,
        disability,
        age_band,
        sex,
        ethnicity_group,
        source_file,
        source_location,
        source_row
    from {{ ref('int_icpcs') }}
)

{{ with_metric_flags('conferences', 'icpc_id', ['icpc_within_15wd', 'icpc_to_cp_plan', 'icpcs']) }}
