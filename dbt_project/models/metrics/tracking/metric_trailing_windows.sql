-- Event metrics pooled over the 3 and the 12 complete months ending with each complete month,
-- for the slice the tracker judges (the whole authority, or the metric's judged slice): the
-- tracker judges on these when a month's cohort is too small. A
-- rate is the share met of the pooled cohort; a median is taken over every pooled value, not
-- from the months' medians. Only months of the authority's period spine are pooled.
-- history_complete: every month of the window is inside the history the metric needs (its
-- first month is complete in metric_period_history; a window reaching before the spine is
-- not), and none of its months is one in which the metric is not available
-- (metric_period_availability): such a month is not pooled, and a window holding one is not
-- whole, so that the tracker never judges a window that holds flagged or unseen months.
with months as (
    select la_code, period_start as month_start
    from {{ ref('int_periods') }}
    where period_grain = 'month'
),

unavailable_months as (
    select la_code, metric_id, period_start as month_start
    from {{ ref('metric_period_availability') }}
    where period_grain = 'month' and not available
),

complete_months as (
    select la_code, period_start as month_start
    from {{ ref('int_periods') }}
    where period_grain = 'month' and period_complete
),

event_aggregates as (
    select aggregates.*, catalogue.kind
    from {{ ref('metric_key_aggregates') }} as aggregates
    inner join {{ ref('metric_definitions') }} as catalogue
        on catalogue.metric_id = aggregates.metric_id
    semi join months
        on months.la_code = aggregates.la_code
        and months.month_start = aggregates.period_key
    anti join unavailable_months
        on unavailable_months.la_code = aggregates.la_code
        and unavailable_months.metric_id = aggregates.metric_id
        and unavailable_months.month_start = aggregates.period_key
    where catalogue.timing = 'event'
        and aggregates.dimension = coalesce(catalogue.judged_dimension, 'all')
        and aggregates.dimension_value = coalesce(catalogue.judged_dimension_value, 'all')
),

pooled as (
    select
        complete_months.la_code,
        event_aggregates.metric_id,
        event_aggregates.kind,
        complete_months.month_start,
        windows.window_months,
        {{ pooled_aggregates('event_aggregates') }}
    from complete_months
    cross join (values (3), (12)) as windows(window_months)
    inner join event_aggregates
        on event_aggregates.la_code = complete_months.la_code
        and event_aggregates.period_key <= complete_months.month_start
        and event_aggregates.period_key
            > complete_months.month_start - to_months(windows.window_months)
    group by all
)

select
    pooled.la_code,
    pooled.metric_id,
    pooled.month_start,
    pooled.window_months,
    cast(pooled.cohort_size as bigint) as cohort_size,
    {{ metric_value('pooled.kind', 'pooled.cohort_size', 'pooled.met_count', 'pooled.median_measure') }} as value,
    coalesce(first_month.history_complete, false)
        and not exists (
            select 1
            from unavailable_months
            where unavailable_months.la_code = pooled.la_code
                and unavailable_months.metric_id = pooled.metric_id
                and unavailable_months.month_start <= pooled.month_start
                and unavailable_months.month_start > pooled.month_start - to_months(pooled.window_months)
        ) as history_complete
from pooled
left join {{ ref('metric_period_history') }} as first_month
    on first_month.la_code = pooled.la_code
    and first_month.metric_id = pooled.metric_id
    and first_month.period_grain = 'month'
    and first_month.period_start = cast(pooled.month_start - to_months(pooled.window_months - 1) as date)
