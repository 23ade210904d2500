-- Children on a child protection plan on each as-at day, one row per child however many of
-- its plans run that day. working_days_on_plan: wd(start, day) for the child's longest-running
-- plan. last_seen_visit_date: the child's latest CP visit recorded as seen dated on or before
-- the day (any of its plans); visited_within_10wd: wd(that visit, day) <= 10 (a visit on the
-- day itself is 0).
with children as (
    select
        la_code,
        as_at_date,
        person_id,
        max(working_days_on_plan) as working_days_on_plan,
        any_value(team) as team,
        any_value(disability) as disability,
        any_value(age_band) as age_band,
        any_value(sex) as sex,
        any_value(ethnicity_group) as ethnicity_group
    from {{ ref('int_cp_plans_on_days') }}
    group by la_code, as_at_date, person_id
),

seen_visits as (
    select la_code, person_id, visit_date
    from {{ ref('stg_cp_visits') }}
    where child_seen
),

with_visits as (
    {{ with_last_event_on_or_before('children', 'seen_visits', 'visit_date', 'last_seen_visit_date') }}
),

measured as (
    select
        with_visits.*,
        {{ working_days_between('with_visits.last_seen_visit_date', 'with_visits.as_at_date') }}
            as working_days_since_seen_visit
    from with_visits
)

select
    *,
    coalesce(working_days_since_seen_visit <= 10, false) as visited_within_10wd
from measured
