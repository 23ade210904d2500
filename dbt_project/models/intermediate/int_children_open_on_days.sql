-- Children open on each as-at day: an episode with referral date on or before the day, not
-- NFA (macro can_be_open_episode: an Annex A referral without a List 6 episode is never open),
-- and no close date or one after the day. team: the team of the child's most recent open
-- episode that day. The base of every as-at metric about open children.
-- Memory: the child-days are ~5 times the episodes (11M nationally). The child's attributes are
-- joined to the episodes, before the days (materialized: DuckDB would move the join after
-- them and build its hash table on the child-days), and only the days of a child's episodes
-- that overlap another of its episodes go through the group by choosing the most recent: a
-- group by over every child-day held GBs.
with episodes as (
    select
        referral.la_code,
        referral.person_id,
        referral.referral_date,
        referral.close_date,
        referral.team,
        {{ referral_recency('referral') }} as recency
    from {{ ref('stg_referrals') }} as referral
    where {{ can_be_open_episode('referral') }}
        -- closed on or before its referral date: open on no day
        and (referral.close_date is null or referral.close_date > referral.referral_date)
),

episodes_with_attributes as (
    {{ with_child_attributes('episodes', none) }}
),

-- Materialized: DuckDB would otherwise join the attributes after the days.
flagged_episodes as materialized (
    select
        *,
        -- Another of the child's episodes is open on some same day: in the order of referral
        -- dates (one order for both, ties included), one before it still open at its referral
        -- date, or the next one referred before its close.
        coalesce(
            max(coalesce(close_date, date '9999-12-31')) over (
                by_referral_date rows between unbounded preceding and 1 preceding
            ) > referral_date
            or lead(referral_date) over by_referral_date
                < coalesce(close_date, date '9999-12-31'),
            false
        ) as overlaps_another
    from episodes_with_attributes
    window by_referral_date as (partition by la_code, person_id order by referral_date, recency)
),

episode_days as not materialized (
    select
        as_at_day.la_code,
        as_at_day.as_at_date,
        as_at_day.working_day_number,
        episode.person_id,
        episode.team,
        episode.recency,
        episode.overlaps_another,
        episode.sex,
        episode.ethnicity_group,
        episode.disability,
        episode.birth_date
    from {{ ref('int_as_at_days') }} as as_at_day
    inner join flagged_episodes as episode
        on episode.la_code = as_at_day.la_code
        and episode.referral_date <= as_at_day.as_at_date
        and (episode.close_date is null or episode.close_date > as_at_day.as_at_date)
),

open_children as (
    select
        la_code, as_at_date, working_day_number, person_id,
        coalesce(team, 'Not recorded') as team,
        sex, ethnicity_group, disability, birth_date
    from episode_days
    where not overlaps_another

    union all

    select
        la_code, as_at_date, working_day_number, person_id,
        coalesce(arg_max(team, recency), 'Not recorded') as team,
        sex, ethnicity_group, disability, birth_date
    from episode_days
    where overlaps_another
    group by la_code, as_at_date, working_day_number, person_id,
        sex, ethnicity_group, disability, birth_date
)

select
    la_code,
    as_at_date,
    working_day_number,
    person_id,
    team,
    disability,
    {{ age_band('birth_date', 'as_at_date') }} as age_band,
    sex,
    ethnicity_group
from open_children
