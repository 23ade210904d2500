-- Whether an authority's history holds what a metric needs for a period (docs/metrics.md, "How
-- far back a number can be trusted"): one row per authority, metric, and period of the
-- authority's spine. A value is complete only when
--   1. the period does not start before the history (a first month, quarter or financial year
--      that starts before it lacks its first days);
--   2. the metric's look-back (look_back_months: "in the 12 months before") from the first day
--      whose records count in the period lies inside the history: the period's first day for
--      event metrics, the as-at day for as-at metrics;
--   3. the history has run the metric's warm-up (warm_up_months) by that day: its cohort holds
--      work hanging off referral episodes, and work begun in an episode opened before the
--      history starts is missing until then.
-- "N months before day D" runs from D minus N calendar months (exclusive), so it lies inside a
-- history starting on S when D minus N months is on or after the day before S.
-- The history a metric needs starts where the history of every record family it reads has
-- started (the latest of those families' starts, int_family_history_starts; the families fed
-- by the tables the metric needs, metric_definitions.history_families): an authority whose CP
-- visits come from an SSD extract and its plans from later Annex A workbooks starts the visit
-- figures where both are held. Without a start for any of them, the start of its referrals'
-- history (int_history_starts), from which its periods hang.
with metrics as (
    select metric_id, timing, look_back_months, warm_up_months, history_families
    from {{ ref('metric_definitions') }}
),

metric_starts as (
    select
        referral_start.la_code,
        metrics.metric_id,
        coalesce(max(family.history_start), any_value(referral_start.history_start)) as history_start
    from {{ ref('int_history_starts') }} as referral_start
    cross join metrics
    left join {{ ref('int_family_history_starts') }} as family
        on family.la_code = referral_start.la_code
        and list_contains(metrics.history_families, family.family)
    group by referral_start.la_code, metrics.metric_id
),

checked as (
    select
        periods.la_code,
        metrics.metric_id,
        periods.period_grain,
        periods.period_start,
        starts.history_start,
        metrics.look_back_months,
        metrics.warm_up_months,
        case when metrics.timing = 'event' then periods.period_start else periods.as_at_date end as first_day
    from {{ ref('int_periods') }} as periods
    inner join metric_starts as starts
        on starts.la_code = periods.la_code
    inner join metrics
        on metrics.metric_id = starts.metric_id
),

noted as (
    select
        *,
        case
            when period_start < history_start then printf(
                'This %s starts before the history the figures are built on (which starts on %s): its first days are missing.',
                replace(period_grain, '_', ' '), strftime(history_start, '%-d %B %Y')
            )
            when look_back_months is not null
                and {{ months_before('first_day', 'look_back_months') }} < history_start - interval 1 day
                then printf(
                    'It looks back %d months, to before the history starts on %s: what happened before then is not known.',
                    look_back_months, strftime(history_start, '%-d %B %Y')
                )
            when warm_up_months is not null
                and {{ months_before('first_day', 'warm_up_months') }} < history_start - interval 1 day
                then printf(
                    'It falls within %d months of the history starting on %s: work that began before then is missing from it.',
                    warm_up_months, strftime(history_start, '%-d %B %Y')
                )
        end as history_note
    from checked
)

select
    la_code,
    metric_id,
    period_grain,
    period_start,
    history_note is null as history_complete,
    history_note
from noted
