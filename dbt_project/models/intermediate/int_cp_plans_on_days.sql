-- Child protection plans running on each as-at day (start on or before it, no end or an end
-- after it). team: the child's team on the day.
with running as (
    select
        as_at_day.la_code,
        as_at_day.as_at_date,
        plan.cp_plan_id,
        plan.person_id,
        plan.start_date,
        as_at_day.working_day_number
            - {{ working_day_number('plan.start_date') }} as working_days_on_plan
    from {{ ref('int_as_at_days') }} as as_at_day
    inner join {{ ref('stg_cp_plans') }} as plan
        on plan.la_code = as_at_day.la_code
        and plan.start_date <= as_at_day.as_at_date
        and (plan.end_date is null or plan.end_date > as_at_day.as_at_date)
),

facts as (
    {{ with_child_team_on_day('running', 'as_at_date') }}
)

{{ with_child_attributes('facts', 'as_at_date') }}
