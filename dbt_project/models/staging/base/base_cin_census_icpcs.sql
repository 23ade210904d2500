{{ config(materialized='ephemeral') }}
-- Every loaded CIN census return's initial child protection conferences: the shape of
-- stg_icpcs, with provenance and the history columns (macro history_columns). A conference is
-- the DateOfInitialCPC of a Section47 element (pointing at that enquiry), or of a CINdetails
-- element when no Section47 element of the child in the return holds that date (pointing at
-- none; the same meeting recorded on the episode), one per child and date however many
-- episodes give it. Its id is made from its child and date, and also its enquiry's start where
-- several enquiries of the child record the date (macro conference_id_from_enquiry).
-- *Reading* (the census records no outcome): a conference led to a plan when the same return
-- holds a ChildProtectionPlans element of the child starting on the conference's day. A
-- return's conferences are its own authority's: never transfers in.
with plans as (
    select distinct la_code, snapshot_date, child_id, cp_plan_start_date
    from {{ source('raw', 'cin_census_cp_plans') }}
),

conferences as (
    select
        enquiry.la_code,
        {{ conference_id_from_enquiry('enquiry', 'child_id', 'icpc_date', 's47_start_date') }} as icpc_id,
        cast(null as varchar) as meeting_id,
        {{ record_id_from_key('enquiry.child_id', 'enquiry.s47_start_date') }} as s47_enquiry_id,
        enquiry.child_id as person_id,
        {{ record_id_from_key('enquiry.child_id', 'enquiry.referral_date') }} as referral_id,
        enquiry.icpc_target_date as target_date,
        enquiry.icpc_date,
        enquiry.snapshot_date,
        {{ history_columns('cin_census_s47_enquiries', 'icpcs', 'enquiry') }}
    from {{ snapshot_rows('cin_census_s47_enquiries') }} as enquiry
    union all
    select
        episode.la_code,
        {{ record_id_from_key('episode.child_id', 'episode.icpc_date') }} as icpc_id,
        cast(null as varchar) as meeting_id,
        cast(null as varchar) as s47_enquiry_id,
        episode.child_id as person_id,
        {{ record_id_from_key('episode.child_id', 'episode.referral_date') }} as referral_id,
        cast(null as date) as target_date,
        episode.icpc_date,
        episode.snapshot_date,
        {{ history_columns('cin_census_referrals', 'icpcs', 'episode') }}
    from {{ snapshot_rows('cin_census_referrals') }} as episode
    where not exists (
        select 1
        from {{ source('raw', 'cin_census_s47_enquiries') }} as enquiry
        where enquiry.la_code = episode.la_code
            and enquiry.snapshot_date = episode.snapshot_date
            and enquiry.child_id = episode.child_id
            and enquiry.icpc_date = episode.icpc_date
    )
    -- Two episodes of the child giving one date (and no enquiry): one conference, the latest
    -- episode's. Rows without a date are left as they are (outside the family).
    qualify episode.icpc_date is null or row_number() over (
        partition by episode.la_code, episode.snapshot_date, episode.child_id, episode.icpc_date
        order by episode.referral_date desc
    ) = 1
)

select
    conferences.la_code,
    conferences.icpc_id,
    conferences.meeting_id,
    conferences.s47_enquiry_id,
    conferences.person_id,
    cast(null as varchar) as cp_plan_id,
    conferences.referral_id,
    false as is_transfer_in,
    conferences.target_date,
    conferences.icpc_date,
    plans.cp_plan_start_date is not null as led_to_cp_plan,
    cast(null as varchar[]) as outcome_codes,
    cast(null as varchar) as team,
    cast(null as varchar) as worker_id,
    conferences.* exclude (
        la_code, icpc_id, meeting_id, s47_enquiry_id, person_id, referral_id, target_date,
        icpc_date, snapshot_date
    )
from conferences
left join plans
    on plans.la_code = conferences.la_code
    and plans.snapshot_date = conferences.snapshot_date
    and plans.child_id = conferences.person_id
    and plans.cp_plan_start_date = conferences.icpc_date
