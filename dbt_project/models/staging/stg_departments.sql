-- Teams: maps the dept_team_id values that team columns hold to team names.
select
    la_code,
    dept_team_id as team_id,
    dept_team_name as team_name,
    dept_team_parent_id as parent_team_id,
    dept_team_parent_name as parent_team_name,
    source_file,
    source_row
from {{ current_snapshot_rows('ssd_department') }}
