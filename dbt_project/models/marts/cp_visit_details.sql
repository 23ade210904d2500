-- Children on a child protection plan on each day their visits are judged, with their last seen
-- visit: the cohort behind cp_visit_within_10wd (NULL while the plan has run 10 working days or
-- fewer). From an SSD extract, every as-at day (month ends and the extract date), judged on it;
-- from Annex A workbooks, the children each month's workbook listed on a plan, judged on its
-- extract date (judged_on) and counted on the month's as-at day, each traceable to its List 7
-- row (source_*).
with children as (
    select
        la_code,
        as_at_date,
        judged_on,
        person_id,
        team,
        working_days_on_plan,
        last_seen_visit_date,
        working_days_since_seen_visit,
        disability,
        age_band,
        sex,
        ethnicity_group,
        source_file,
        source_location,
        source_row
    from {{ ref('int_cp_visit_checks') }}
)

{{ with_metric_flags('children', 'person_id', ['cp_visit_within_10wd', 'children_on_cp_plan'], 'as_at_date') }}
