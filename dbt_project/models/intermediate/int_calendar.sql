-- One row per day of the calendar span (vars calendar_first_date .. calendar_last_date).
-- working_day_number is a running count of working days (Monday to Friday, not an England
-- and Wales bank holiday), so wd(a, b) = working_day_number(b) - working_day_number(a).
with days as (
    select cast(day as date) as calendar_date
    from range(
        cast('{{ var("calendar_first_date") }}' as date),
        cast('{{ var("calendar_last_date") }}' as date) + interval 1 day,
        interval 1 day
    ) as days(day)
),

bank_holidays as (
    select distinct cast(holiday_date as date) as holiday_date
    from {{ ref('bank_holidays') }}
),

flagged as (
    select
        days.calendar_date,
        isodow(days.calendar_date) <= 5 and bank_holidays.holiday_date is null as is_working_day
    from days
    left join bank_holidays on bank_holidays.holiday_date = days.calendar_date
)

select
    calendar_date,
    is_working_day,
    cast(sum(case when is_working_day then 1 else 0 end) over (
        order by calendar_date rows between unbounded preceding and current row
    ) as integer) as working_day_number
from flagged
