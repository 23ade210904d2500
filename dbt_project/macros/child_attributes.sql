{#- Adds what a slice needs to know about the child on a date: sex, ethnicity group,
    disability and the age band on `on_date`. `relation` (a CTE name) has la_code and
    person_id. The date of birth comes from the ephemeral stg_birth_dates and leaves this
    query as an age band only. With `on_date` none it adds `birth_date` instead, for a caller
    that turns it into age bands on later dates itself (age_band) and keeps it in a CTE. -#}
{% macro with_child_attributes(relation, on_date) -%}
    select
        facts.*,
        child.sex,
        child.ethnicity_group,
        child.disability,
        {%- if on_date is none %}
        birth.birth_date
        {%- else %}
        {{ age_band('birth.birth_date', 'facts.' ~ on_date) }} as age_band
        {%- endif %}
    from {{ relation }} as facts
    left join {{ ref('int_children') }} as child
        on child.la_code = facts.la_code
        and child.person_id = facts.person_id
    left join {{ ref('stg_birth_dates') }} as birth
        on birth.la_code = facts.la_code
        and birth.person_id = facts.person_id
{%- endmacro %}

{#- Whether a stg_referrals record is a children-in-need episode that can be open: not NFA, and
    not a referral the history holds without an episode. *Reading:* an Annex A workbook lists
    referrals (List 3) and episodes (List 6) apart, and its List 6 lists every episode open at
    any time in its window; a List 3 referral with no List 6 episode of the same start is a
    referral only: it opens nothing (it has no close date, so reading it as an episode would
    keep the child open for ever). An SSD episode row is both, so for SSD extracts this is the
    spec's "not NFA". The dates (referral date on or before the day, close date empty or after
    it) are the caller's. -#}
{% macro can_be_open_episode(referral_alias) -%}
    (not {{ referral_alias }}.is_nfa and {{ referral_alias }}.referral_only is not true)
{%- endmacro %}

{#- The order of "most recent" among a child's referrals: latest referral date, ties broken by
    the larger referral id (compared as numbers when both are numbers, else as text). -#}
{% macro referral_recency(referral_alias) -%}
    struct_pack(
        referral_date := {{ referral_alias }}.referral_date,
        numeric_id := coalesce(try_cast({{ referral_alias }}.referral_id as hugeint), -1),
        referral_id := {{ referral_alias }}.referral_id
    )
{%- endmacro %}

{#- Adds `team`: the record's own team (column `own_team`, when given and not empty), else the
    child's team on `on_date`, else 'Not recorded'. The child's team on a day is the team of
    its most recent open episode when it is open that day, otherwise the team of its most
    recent referral dated on or before the day. The `own_team` column is replaced by `team`. -#}
{% macro with_child_team_on_day(relation, on_date, own_team=none) -%}
    select
        facts.*{% if own_team is not none %} exclude ({{ own_team }}){% endif %},
        coalesce(
            {%- if own_team is not none %}
            facts.{{ own_team }},
            {%- endif %}
            (
                select arg_max(
                    referral.team,
                    struct_pack(
                        open_on_day := {{ can_be_open_episode('referral') }}
                            and (referral.close_date is null or referral.close_date > facts.{{ on_date }}),
                        recency := {{ referral_recency('referral') }}
                    )
                )
                from {{ ref('stg_referrals') }} as referral
                where referral.la_code = facts.la_code
                    and referral.person_id = facts.person_id
                    and referral.referral_date <= facts.{{ on_date }}
            ),
            'Not recorded'
        ) as team
    from {{ relation }} as facts
{%- endmacro %}

{#- Adds `as_column`: the date of the child's latest record of `events` (a relation or CTE with
    la_code, person_id and `event_date`) dated on or before the row's `on_date`; NULL when it
    has none. Records dated after the day are not known on it. -#}
{% macro with_last_event_on_or_before(relation, events, event_date, as_column, on_date='as_at_date') -%}
    select
        facts.*,
        events.{{ event_date }} as {{ as_column }}
    from {{ relation }} as facts
    asof left join {{ events }} as events
        on events.la_code = facts.la_code
        and events.person_id = facts.person_id
        and events.{{ event_date }} <= facts.{{ on_date }}
{%- endmacro %}
