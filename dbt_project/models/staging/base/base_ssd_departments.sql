{{ config(materialized='ephemeral') }}
-- Every loaded SSD snapshot's ssd_department rows as departments: the shape of stg_departments,
-- with provenance and the history columns (macro history_columns).
select
    department.la_code,
    department.dept_team_id as team_id,
    department.dept_team_name as team_name,
    department.dept_team_parent_id as parent_team_id,
    department.dept_team_parent_name as parent_team_name,
    {{ history_columns('ssd_department', 'departments', 'department') }}
from {{ snapshot_rows('ssd_department') }} as department
