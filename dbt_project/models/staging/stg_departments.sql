-- Teams: maps the dept_team_id values that team columns hold to team names.
-- The assembled history of departments (macro assembled_history).
with department as (
    {{ assembled_history('departments', {'ssd': ref('base_ssd_departments')}) }}
)

select
    department.la_code,
    department.team_id,
    department.team_name,
    department.parent_team_id,
    department.parent_team_name,
    {{ provenance_columns('department') }}
from department
