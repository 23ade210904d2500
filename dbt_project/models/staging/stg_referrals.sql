-- One row per referral, with its children-in-need episode: the assembled histories of two
-- families (macro assembled_history), referrals (dated by the referral) and CIN episodes (which
-- run: dated by their close, or the extract date while open), joined as one record where they
-- share the natural key, the child and the referral date (an episode starts on its referral's
-- day). An SSD extract's episode row is both; an Annex A workbook lists them apart (List 3,
-- List 6). Two records of one snapshot with the same key keep apart, paired in id order.
-- source_* is the referral's provenance, episode_source_* the episode's. referral_only: a
-- referral the history holds without an episode (an Annex A List 3 row with no List 6 episode
-- of its start; never open, macro can_be_open_episode); episode_only: an episode whose referral
-- the history does not hold (a List 6 episode that began before List 3's window; a referral
-- still, for counts and look-backs, but not where the history's referrals begin, int_periods).
with referral as (
    {{ assembled_history('referrals', {
        'ssd': ref('base_ssd_referrals'),
        'annex_a': ref('base_annex_a_referrals'),
        'cin_census': ref('base_cin_census_referrals'),
    }) }}
),

episode as (
    {{ assembled_history('cin_episodes', {
        'ssd': ref('base_ssd_cin_episodes'),
        'annex_a': ref('base_annex_a_cin_episodes'),
        'cin_census': ref('base_cin_census_cin_episodes'),
    }) }}
),

referral_in_order as (
    select
        *,
        row_number() over (
            partition by la_code, person_id, referral_date order by referral_id
        ) as same_day_order
    from referral
),

episode_in_order as (
    select
        *,
        row_number() over (
            partition by la_code, person_id, start_date order by episode_id
        ) as same_day_order
    from episode
),

paired as (
    select
        coalesce(referral.la_code, episode.la_code) as la_code,
        coalesce(referral.referral_id, episode.episode_id) as referral_id,
        coalesce(referral.person_id, episode.person_id) as person_id,
        coalesce(referral.referral_date, episode.start_date) as referral_date,
        episode.primary_need_code,
        referral.source_code,
        referral.outcome_codes,
        coalesce(referral.is_nfa, false) as is_nfa,
        referral.referral_id is not null and episode.episode_id is null as referral_only,
        referral.referral_id is null as episode_only,
        episode.close_reason,
        episode.close_date,
        coalesce(referral.team, episode.team) as team,
        coalesce(referral.worker_id, episode.worker_id) as worker_id,
        {%- for column in provenance_column_names() %}
        case when referral.referral_id is not null then referral.{{ column }} else episode.{{ column }} end
            as {{ column }},
        {%- endfor %}
        {{ provenance_columns('episode', prefix='episode_') }}
    from referral_in_order as referral
    full outer join episode_in_order as episode
        on episode.la_code = referral.la_code
        and episode.person_id = referral.person_id
        and episode.start_date = referral.referral_date
        and episode.same_day_order = referral.same_day_order
)

select
    paired.la_code,
    paired.referral_id,
    paired.person_id,
    paired.referral_date,
    paired.primary_need_code,
    paired.source_code,
    paired.outcome_codes,
    paired.is_nfa,
    paired.referral_only,
    paired.episode_only,
    paired.close_reason,
    paired.close_date,
    {{ team_name('team', 'paired') }} as team,
    paired.worker_id,
    {{ provenance_columns('paired') }},
    {{ provenance_columns('paired', prefix='episode_', from_prefix='episode_') }}
from paired
