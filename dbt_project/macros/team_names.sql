{#- A team column holds a dept_team_id when the authority sends ssd_department, otherwise a
    team name. This gives the team's name when the value is an id found in the authority's
    departments, else the value as delivered (NULL when empty). -#}
{% macro team_name(team_column, row_alias) -%}
    coalesce(
        (
            select min(department.team_name)
            from {{ ref('stg_departments') }} as department
            where department.la_code = {{ row_alias }}.la_code
                and department.team_id = {{ row_alias }}.{{ team_column }}
        ),
        {{ row_alias }}.{{ team_column }}
    )
{%- endmacro %}
