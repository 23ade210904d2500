-- One row per section 47 enquiry. has_icpc: an ICPC row (transfer in or not, whatever its
-- date) points at the enquiry. Child attributes are taken on the day that places the enquiry
-- in s47_to_icpc (attributes_on: the conversion date, else the end date).
-- conversion_date and converted place the enquiry in s47_to_icpc by the reading of the kind of
-- delivery the history takes the deciding day from (int_day_sources):
-- - an SSD extract records when an enquiry ended: the enquiry counts on its end date, met when
--   a conference points at it (the spec's definition);
-- - an Annex A workbook has no end date (List 5), nor has a CIN census return (Section47): the
--   enquiry counts on its start date, met when a conference date is recorded, and not met when
--   a conference was deemed unnecessary (the census's ICPCnotRequired).
-- The end date is tried first: an enquiry whose end comes from an SSD extract counts there;
-- otherwise one whose start comes from an Annex A workbook or a census return counts on its
-- start. An enquiry
-- neither reading places (still running in an SSD extract; begun before the first Annex A
-- workbook's window took over from an SSD extract, so counted by neither) has none.
with facts as (
    select
        enquiry.la_code,
        enquiry.s47_enquiry_id,
        enquiry.person_id,
        enquiry.referral_id,
        enquiry.start_date,
        enquiry.end_date,
        enquiry.is_nfa,
        enquiry.icpc_deemed_unnecessary,
        coalesce(enquiry.team, 'Not recorded') as team,
        enquiry.worker_id,
        exists (
            select 1
            from {{ ref('stg_icpcs') }} as conference
            where conference.la_code = enquiry.la_code
                and conference.s47_enquiry_id = enquiry.s47_enquiry_id
        ) as has_icpc,
        end_day.kind as end_day_kind,
        start_day.kind as start_day_kind,
        {{ working_day_number('enquiry.start_date') }} as start_working_day_number,
        enquiry.source_file,
        enquiry.source_location,
        enquiry.source_row
    from {{ ref('stg_s47_enquiries') }} as enquiry
    left join {{ ref('int_day_sources') }} as end_day
        on end_day.la_code = enquiry.la_code
        and end_day.calendar_date = enquiry.end_date
    left join {{ ref('int_day_sources') }} as start_day
        on start_day.la_code = enquiry.la_code
        and start_day.calendar_date = enquiry.start_date
),

read as (
    select
        * exclude (end_day_kind, start_day_kind),
        case
            when end_day_kind = 'ssd' then end_date
            when start_day_kind in ('annex_a', 'cin_census') then start_date
        end as conversion_date,
        case
            when end_day_kind = 'ssd' then has_icpc
            when start_day_kind in ('annex_a', 'cin_census')
                then has_icpc and not coalesce(icpc_deemed_unnecessary, false)
        end as converted
    from facts
),

placed as (
    select *, coalesce(conversion_date, end_date) as attributes_on
    from read
)

{{ with_child_attributes('placed', 'attributes_on') }}
