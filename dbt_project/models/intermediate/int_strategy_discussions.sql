-- One row per strategy discussion.
-- multi_agency: at least one agency took part besides children's services (CSC) and police.
-- case_status: 'open' when, on the day before the discussion, the child had an open episode
-- (referral on or before that day, not NFA, no close date or a later one) with an assessment
-- of that same episode authorised before the discussion date; otherwise 'new' (the discussion
-- is part of the response to a new concern).
-- team: the team of the referral the discussion names, else the child's team on the
-- discussion date, else 'Not recorded'. Child attributes are taken on the discussion date.
with discussions as (
    select
        discussion.la_code,
        discussion.strategy_discussion_id,
        discussion.person_id,
        discussion.referral_id,
        discussion.s47_enquiry_id,
        discussion.discussion_date,
        discussion.agencies,
        coalesce(
            len(list_filter(discussion.agencies, lambda agency: agency not in ('CSC', 'POLICE'))) > 0,
            false
        ) as multi_agency,
        case
            when exists (
                select 1
                from {{ ref('stg_referrals') }} as episode
                inner join {{ ref('stg_assessments') }} as assessment
                    on assessment.la_code = episode.la_code
                    and assessment.referral_id = episode.referral_id
                where episode.la_code = discussion.la_code
                    and episode.person_id = discussion.person_id
                    and not episode.is_nfa
                    and episode.referral_date < discussion.discussion_date
                    and (episode.close_date is null or episode.close_date >= discussion.discussion_date)
                    and assessment.authorised_date < discussion.discussion_date
            ) then 'open'
            else 'new'
        end as case_status,
        referral.team as referral_team,
        discussion.source_file,
        discussion.source_row
    from {{ ref('stg_strategy_discussions') }} as discussion
    left join {{ ref('stg_referrals') }} as referral
        on referral.la_code = discussion.la_code
        and referral.referral_id = discussion.referral_id
),

facts as (
    {{ with_child_team_on_day('discussions', 'discussion_date', own_team='referral_team') }}
)

{{ with_child_attributes('facts', 'discussion_date') }}
