-- How a cohort row finds its periods. Event metrics: by the month of the event (a month
-- belongs to one month, one quarter and one financial year). As-at metrics: by the day the
-- cohort was taken (quarter and year ends are month ends, so several periods share a day).
-- Events outside every period have no key and are ignored.
with months as (
    select la_code, period_start as month_start
    from {{ ref('int_periods') }}
    where period_grain = 'month'
)

select
    periods.la_code,
    'event' as timing,
    months.month_start as period_key,
    periods.period_grain,
    periods.period_start
from months
inner join {{ ref('int_periods') }} as periods
    on periods.la_code = months.la_code
    and months.month_start between periods.period_start and periods.period_end

union all

select
    la_code,
    'as_at' as timing,
    as_at_date as period_key,
    period_grain,
    period_start
from {{ ref('int_periods') }}
