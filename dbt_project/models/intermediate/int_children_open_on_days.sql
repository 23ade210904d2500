-- Children open on each as-at day: an episode with referral date on or before the day, not
-- NFA (macro can_be_open_episode: an Annex A referral without a List 6 episode is never open),
-- and no close date or one after the day. team: the team of the child's most recent open
-- episode that day. The base of every as-at metric about open children.
with open_episodes as (
    select
        as_at_day.la_code,
        as_at_day.as_at_date,
        as_at_day.working_day_number,
        referral.person_id,
        referral.team,
        {{ referral_recency('referral') }} as recency
    from {{ ref('int_as_at_days') }} as as_at_day
    inner join {{ ref('stg_referrals') }} as referral
        on referral.la_code = as_at_day.la_code
        and referral.referral_date <= as_at_day.as_at_date
        and (referral.close_date is null or referral.close_date > as_at_day.as_at_date)
        and {{ can_be_open_episode('referral') }}
),

open_children as (
    select
        la_code,
        as_at_date,
        working_day_number,
        person_id,
        coalesce(arg_max(team, recency), 'Not recorded') as team
    from open_episodes
    group by la_code, as_at_date, working_day_number, person_id
),

with_attributes as (
    {{ with_child_attributes('open_children', 'as_at_date') }}
)

select
    la_code,
    as_at_date,
    working_day_number,
    person_id,
    team,
    disability,
    age_band,
    sex,
    ethnicity_group
from with_attributes
