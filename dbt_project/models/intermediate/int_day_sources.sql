-- Which snapshot each day of an authority's history comes from: one row per authority and day
-- of its periods, from the first day of its first period to its extract date. A snapshot covers
-- the days of its window (stg_snapshot_windows; an SSD extract, which covers all time, every day
-- up to its extract date), and the history takes a day's records from the newest snapshot that
-- covers it (the assembly rule: a later snapshot replaces what earlier ones said inside its
-- window). A day no snapshot covers (a gap between deliveries) has no row. What the day's
-- figures can show follows from that snapshot's kind and the tables it delivered
-- (metrics.metric_period_availability), and a metric whose reading differs by kind reads the day by
-- its kind (s47_to_icpc, cp_visit_within_10wd).
with bounds as (
    select
        la_code,
        min(period_start) as first_day,
        max(as_at_date) as last_day
    from {{ ref('int_periods') }}
    group by la_code
),

days as (
    select
        la_code,
        cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as calendar_date
    from bounds
),

-- Snapshots older than the newest one covering all time are replaced whole by it.
in_play as (
    select windows.*
    from {{ ref('stg_snapshot_windows') }} as windows
    where windows.snapshot_order >= coalesce((
        select max(newest.snapshot_order)
        from {{ ref('stg_snapshot_windows') }} as newest
        where newest.la_code = windows.la_code
            and newest.covers_all_time
    ), 0)
)

select
    days.la_code,
    days.calendar_date,
    max(in_play.snapshot_order) as snapshot_order,
    arg_max(in_play.kind, in_play.snapshot_order) as kind,
    arg_max(in_play.extract_date, in_play.snapshot_order) as extract_date
from days
inner join in_play
    on in_play.la_code = days.la_code
    and (
        (in_play.covers_all_time and days.calendar_date <= in_play.extract_date)
        or (days.calendar_date > in_play.window_start and days.calendar_date <= in_play.window_end)
    )
group by days.la_code, days.calendar_date
