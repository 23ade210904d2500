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

{#- The date of the `working_days`-th working day after `start_date` (the day d with
    wd(start, d) = working_days that is itself a working day): the day a timescale of that
    many working days runs out. -#}
{% macro working_day_after(start_date, working_days) -%}
    (
        select min(calendar.calendar_date)
        from {{ ref('int_calendar') }} as calendar
        where calendar.working_day_number = {{ working_day_number(start_date) }} + {{ working_days }}
    )
{%- endmacro %}
