-- One row per initial child protection conference with its enquiry's start.
-- working_days_from_s47_start is wd(S47 start, ICPC date) (a conference dated before its
-- enquiry started never gets here: the loader quarantines it). team: the conference's, else its enquiry's completed-by
-- team. Child attributes are taken on the conference date.
with facts as (
    select
        conference.la_code,
        conference.icpc_id,
        conference.s47_enquiry_id,
        conference.person_id,
        conference.icpc_date,
        conference.is_transfer_in,
        conference.led_to_cp_plan,
        coalesce(conference.team, enquiry.team, 'Not recorded') as team,
        conference.worker_id,
        enquiry.start_date as s47_start_date,
        {{ working_days_between('enquiry.start_date', 'conference.icpc_date') }}
            as working_days_from_s47_start,
        conference.source_file,
        conference.source_location,
        conference.source_row
    from {{ ref('stg_icpcs') }} as conference
    left join {{ ref('stg_s47_enquiries') }} as enquiry
        on enquiry.la_code = conference.la_code
        and enquiry.s47_enquiry_id = conference.s47_enquiry_id
)

{{ with_child_attributes('facts', 'icpc_date') }}
