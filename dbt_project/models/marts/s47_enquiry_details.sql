-- One row per section 47 enquiry, with whether a conference followed (s47_to_icpc is NULL
-- until the enquiry is placed in its cohort: conversion_date, int_s47_enquiries).
with enquiries as (
    select
        la_code,
        s47_enquiry_id,
        person_id,
        referral_id,
        team,
        worker_id,
        coalesce(worker_id, 'Not recorded') as worker,
        start_date,
        end_date,
        is_nfa,
        icpc_deemed_unnecessary,
        conversion_date,
        disability,
        age_band,
        sex,
        ethnicity_group,
        source_file,
        source_location,
        source_row
    from {{ ref('int_s47_enquiries') }}
)

{{ with_metric_flags('enquiries', 's47_enquiry_id', ['s47_to_icpc', 's47_enquiries']) }}
