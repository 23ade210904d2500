-- Children on a child protection plan on each day their visits are judged, one row per child
-- and as-at day: the cohort of cp_visit_within_10wd, read by the kind of delivery the history
-- takes the as-at day from (int_day_sources).
-- - SSD extracts record every visit: the children on a plan on the as-at day with their last
--   seen visit (int_cp_children_on_days), judged on that day.
-- - An Annex A workbook gives each plan's last statutory visit only, known on its extract date
--   (stg_cp_last_visits): the children its List 7 has on a plan on its extract date, judged on
--   that day (judged_on) with their last statutory visit, and counted in the month holding the
--   extract date (as_at_date: that month's as-at day, which the quarter and the financial year
--   ending with the month share). *Reading:* when a month holds two workbooks, the later one
--   is judged (the month's as-at figure is its latest); a month holding none has no cohort,
--   so no value, never 0.
-- A child with two plans running is one child: working_days_on_plan is its longest-running
-- plan's, and its last visit the latest of its plans' (on or before the day). team: the
-- child's team on the day (macro with_child_team_on_day), else, from a workbook, the team its
-- List 7 row gives. source_*: the List 7 row of the child's longest-running plan (NULL for a
-- judgement on SSD visits, which rests on many rows: cp_visit_details).
with ssd_judgements as (
    select
        children.la_code,
        children.as_at_date,
        children.as_at_date as judged_on,
        children.person_id,
        children.team,
        children.working_days_on_plan,
        children.last_seen_visit_date,
        children.working_days_since_seen_visit,
        children.visited_within_10wd,
        children.disability,
        children.age_band,
        children.sex,
        children.ethnicity_group,
        cast(null as varchar) as source_kind,
        cast(null as date) as source_extract_date,
        cast(null as varchar) as source_file,
        cast(null as varchar) as source_location,
        cast(null as bigint) as source_row
    from {{ ref('int_cp_children_on_days') }} as children
    inner join {{ ref('int_day_sources') }} as day_source
        on day_source.la_code = children.la_code
        and day_source.calendar_date = children.as_at_date
        and day_source.kind = 'ssd'
),

-- The workbook judged for each month: the latest one in it that delivered List 7.
judging_days as (
    select
        snapshot.la_code,
        snapshot.extract_date as judged_on,
        month.as_at_date
    from {{ ref('stg_snapshots') }} as snapshot
    inner join {{ ref('int_periods') }} as month
        on month.la_code = snapshot.la_code
        and month.period_grain = 'month'
        and snapshot.extract_date between month.period_start and month.period_end
    inner join {{ ref('int_day_sources') }} as day_source
        on day_source.la_code = month.la_code
        and day_source.calendar_date = month.as_at_date
        and day_source.kind = 'annex_a'
    where snapshot.kind = 'annex_a'
        and list_contains(snapshot.table_names, 'annex_a_list_7')
    qualify row_number() over (
        partition by snapshot.la_code, month.as_at_date order by snapshot.extract_date desc
    ) = 1
),

listed_plans as (
    select
        judging_days.la_code,
        judging_days.as_at_date,
        judging_days.judged_on,
        listed.person_id,
        listed.team as listed_team,
        {{ working_days_between('listed.start_date', 'judging_days.judged_on') }} as working_days_on_plan,
        case when listed.last_visit_date <= judging_days.judged_on then listed.last_visit_date end
            as last_visit_date,
        listed.source_kind,
        listed.source_extract_date,
        listed.source_file,
        listed.source_location,
        listed.source_row
    from judging_days
    inner join {{ ref('stg_cp_last_visits') }} as listed
        on listed.la_code = judging_days.la_code
        and listed.extract_date = judging_days.judged_on
        and listed.start_date <= judging_days.judged_on
        and (listed.end_date is null or listed.end_date > judging_days.judged_on)
),

listed_children as (
    select
        la_code,
        as_at_date,
        judged_on,
        person_id,
        max(working_days_on_plan) as working_days_on_plan,
        max(last_visit_date) as last_seen_visit_date,
        arg_max(
            struct_pack(
                listed_team, source_kind, source_extract_date, source_file, source_location, source_row
            ),
            struct_pack(working_days_on_plan, source_row)
        ) as longest
    from listed_plans
    group by la_code, as_at_date, judged_on, person_id
),

listed_with_team as (
    {{ with_child_team_on_day('listed_children', 'judged_on') }}
),

listed_with_attributes as (
    {{ with_child_attributes('listed_with_team', 'judged_on') }}
),

annex_a_judgements as (
    select
        la_code,
        as_at_date,
        judged_on,
        person_id,
        case when team = 'Not recorded' then coalesce(longest.listed_team, team) else team end as team,
        working_days_on_plan,
        last_seen_visit_date,
        {{ working_days_between('last_seen_visit_date', 'judged_on') }} as working_days_since_seen_visit,
        coalesce({{ working_days_between('last_seen_visit_date', 'judged_on') }} <= 10, false)
            as visited_within_10wd,
        disability,
        age_band,
        sex,
        ethnicity_group,
        longest.source_kind,
        longest.source_extract_date,
        longest.source_file,
        longest.source_location,
        longest.source_row
    from listed_with_attributes
)

select * from ssd_judgements
union all
select * from annex_a_judgements
