-- One row per section 47 enquiry. has_icpc: an ICPC row (transfer in or not, whatever its
-- date) points at the enquiry. Child attributes are taken on the end date.
with facts as (
    select
        enquiry.la_code,
        enquiry.s47_enquiry_id,
        enquiry.person_id,
        enquiry.referral_id,
        enquiry.start_date,
        enquiry.end_date,
        enquiry.is_nfa,
        coalesce(enquiry.team, 'Not recorded') as team,
        enquiry.worker_id,
        exists (
            select 1
            from {{ ref('stg_icpcs') }} as conference
            where conference.la_code = enquiry.la_code
                and conference.s47_enquiry_id = enquiry.s47_enquiry_id
        ) as has_icpc,
        {{ working_day_number('enquiry.start_date') }} as start_working_day_number,
        enquiry.source_file,
        enquiry.source_row
    from {{ ref('stg_s47_enquiries') }} as enquiry
)

{{ with_child_attributes('facts', 'end_date') }}
