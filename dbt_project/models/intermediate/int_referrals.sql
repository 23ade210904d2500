-- One row per referral, NFA ones included. Child attributes are taken on the referral date.
-- follows_referral_in_12m: the child has another referral dated in the 12 months before this
-- one (after its date minus 12 calendar months, before its date: a referral on the same day
-- is not an earlier one). Every referral counts, NFA ones too.
with facts as (
    select
        referral.la_code,
        referral.referral_id,
        referral.person_id,
        referral.referral_date,
        referral.close_date,
        referral.is_nfa,
        coalesce(referral.team, 'Not recorded') as team,
        referral.worker_id,
        exists (
            select 1
            from {{ ref('stg_referrals') }} as earlier
            where earlier.la_code = referral.la_code
                and earlier.person_id = referral.person_id
                and earlier.referral_date < referral.referral_date
                and earlier.referral_date > {{ months_before('referral.referral_date', 12) }}
        ) as follows_referral_in_12m,
        referral.source_file,
        referral.source_location,
        referral.source_row
    from {{ ref('stg_referrals') }} as referral
)

{{ with_child_attributes('facts', 'referral_date') }}
