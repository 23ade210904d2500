-- The days as-at metrics are taken on: each month end up to the extract date, and the
-- extract date itself. Computed once per day, whichever grains share it.
select distinct
    periods.la_code,
    periods.as_at_date,
    calendar.working_day_number
from {{ ref('int_periods') }} as periods
left join {{ ref('int_calendar') }} as calendar
    on calendar.calendar_date = periods.as_at_date
