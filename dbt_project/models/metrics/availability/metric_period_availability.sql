-- What each authority's history can show, metric by metric and period by period: the one place
-- availability is decided (docs/metrics.md, "Which deliveries can give a metric"). A period's
-- figures rest on the snapshots its days come from (int_day_sources): every day of the period
-- (to the extract date) for an event metric, the as-at day for an as-at metric. The metric is
-- available in the period when each of those snapshots is of a kind that can give it (the
-- metric's YAML, config.meta kinds), delivered every table the metric needs from that kind and
-- did not leave out a column it needs (config.meta source_columns) that an earlier snapshot of
-- the kind delivered (stg_snapshots.dropped_columns: absent, not empty); otherwise
-- unavailable_reason says why in plain words (macro unavailable_reason), from the newest
-- snapshot that falls short. metric_values has no rows for an unavailable period (never 0),
-- the tracker never judges one, and the app shows the reason. A period none of whose days any snapshot covers
-- is available (nothing rules it out; its history flags say what it lacks).
with catalogue as (
    select metric_id, timing, kinds, source_tables, source_columns
    from {{ ref('metric_definitions') }}
),

periods as (
    select la_code, period_grain, period_start, period_end, as_at_date
    from {{ ref('int_periods') }}
),

period_snapshots as (
    select distinct
        periods.la_code,
        periods.period_grain,
        periods.period_start,
        'event' as timing,
        days.snapshot_order
    from periods
    inner join {{ ref('int_day_sources') }} as days
        on days.la_code = periods.la_code
        and days.calendar_date between periods.period_start and periods.period_end
    union all
    select
        periods.la_code,
        periods.period_grain,
        periods.period_start,
        'as_at' as timing,
        days.snapshot_order
    from periods
    inner join {{ ref('int_day_sources') }} as days
        on days.la_code = periods.la_code
        and days.calendar_date = periods.as_at_date
),

checks as (
    select
        period_snapshots.la_code,
        period_snapshots.period_grain,
        period_snapshots.period_start,
        catalogue.metric_id,
        snapshot.snapshot_order,
        snapshot.kind,
        snapshot.extract_date,
        {{ delivery_shortfalls('catalogue', 'snapshot') }}
    from period_snapshots
    inner join catalogue
        on catalogue.timing = period_snapshots.timing
    inner join {{ ref('stg_snapshots') }} as snapshot
        on snapshot.la_code = period_snapshots.la_code
        and snapshot.snapshot_order = period_snapshots.snapshot_order
),

reasoned as (
    select
        *,
        {{ unavailable_reason('measure', 'kind_gives_it', 'kind', 'extract_date', 'missing_tables', 'missing_columns') }} as reason
    from checks
),

by_period as (
    select
        la_code,
        period_grain,
        period_start,
        metric_id,
        arg_max(reason, snapshot_order) filter (where reason is not null) as unavailable_reason,
        list(distinct kind order by kind) as history_kinds
    from reasoned
    group by la_code, period_grain, period_start, metric_id
)

select
    periods.la_code,
    catalogue.metric_id,
    periods.period_grain,
    periods.period_start,
    by_period.unavailable_reason is null as available,
    by_period.unavailable_reason,
    coalesce(by_period.history_kinds, cast([] as varchar[])) as history_kinds
from periods
cross join catalogue
left join by_period
    on by_period.la_code = periods.la_code
    and by_period.period_grain = periods.period_grain
    and by_period.period_start = periods.period_start
    and by_period.metric_id = catalogue.metric_id
