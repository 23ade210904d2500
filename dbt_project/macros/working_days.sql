{#- Working days: Monday to Friday and not an England and Wales bank holiday. int_calendar
    numbers them in a running count, so wd(a, b) -- the working days d with a < d <= b -- is
    the difference of two numbers. A date outside the calendar has no number (NULL). -#}
{% macro working_day_number(date_expression) -%}
    (
        select calendar.working_day_number
        from {{ ref('int_calendar') }} as calendar
        where calendar.calendar_date = {{ date_expression }}
    )
{%- endmacro %}

{% macro working_days_between(start_date, end_date) -%}
    ({{ working_day_number(end_date) }} - {{ working_day_number(start_date) }})
{%- endmacro %}
