-- Each loaded Annex A workbook's child protection plans with their last statutory visit, as
-- that workbook listed them (List 7): not a history. A workbook gives only the latest visit,
-- known on its extract date, so it is read workbook by workbook (cp_visit_within_10wd judges
-- each workbook's list on its own extract date) and never assembled across snapshots. *Reading:*
-- a statutory visit is one in which the child is seen, so the last statutory visit counts as the
-- child's last seen visit; whether the child was seen alone is kept but not required, as the
-- SSD reading does not require it.
select
    list.la_code,
    list.snapshot_date as extract_date,
    {{ record_id_from_key('list.child_id', 'list.cp_plan_start_date') }} as cp_plan_id,
    list.child_id as person_id,
    list.cp_plan_start_date as start_date,
    list.cp_plan_end_date as end_date,
    list.last_statutory_visit_date as last_visit_date,
    list.seen_alone,
    {{ team_name('team', 'list') }} as team,
    list.worker_id,
    list.snapshot_kind as source_kind,
    list.snapshot_date as source_extract_date,
    list.source_file,
    list.source_sheet as source_location,
    list.source_row
from {{ snapshot_rows('annex_a_list_7') }} as list
