{#- Adds what a slice needs to know about the child on a date: sex, ethnicity group,
    disability and the age band on `on_date`. `relation` (a CTE name) has la_code and
    person_id. The date of birth comes from the ephemeral stg_birth_dates and leaves this
    query as an age band only. -#}
{% macro with_child_attributes(relation, on_date) -%}
    select
        facts.*,
        child.sex,
        child.ethnicity_group,
        child.disability,
        {{ age_band('birth.birth_date', 'facts.' ~ on_date) }} as age_band
    from {{ relation }} as facts
    left join {{ ref('int_children') }} as child
        on child.la_code = facts.la_code
        and child.person_id = facts.person_id
    left join {{ ref('stg_birth_dates') }} as birth
        on birth.la_code = facts.la_code
        and birth.person_id = facts.person_id
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

{#- Adds `child_team`: the child's team on `on_date`. When the child is open that day it is
    the team of its most recent open episode; otherwise the team of its most recent referral
    dated on or before the day; NULL when it has none. -#}
{% macro with_child_team_on_day(relation, on_date) -%}
    select
        facts.*,
        (
            select arg_max(
                referral.team,
                struct_pack(
                    open_on_day := not referral.is_nfa
                        and (referral.close_date is null or referral.close_date > facts.{{ on_date }}),
                    recency := {{ referral_recency('referral') }}
                )
            )
            from {{ ref('stg_referrals') }} as referral
            where referral.la_code = facts.la_code
                and referral.person_id = facts.person_id
                and referral.referral_date <= facts.{{ on_date }}
        ) as child_team
    from {{ relation }} as facts
{%- endmacro %}
