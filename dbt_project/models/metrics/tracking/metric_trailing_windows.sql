-- Event metrics pooled over the 3 and the 12 complete months ending with each complete month,
-- for the slice the tracker judges (the whole authority, or the metric's judged slice): the
-- tracker judges on these when a month's cohort is too small. A
-- rate is the share met of the pooled cohort; a median is taken over every pooled value, not
-- from the months' medians. Only months of the authority's period spine are pooled.
with months as (
    select la_code, period_start as month_start
    from {{ ref('int_periods') }}
    where period_grain = 'month'
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
    la_code,
    metric_id,
    month_start,
    window_months,
    cast(cohort_size as bigint) as cohort_size,
    {{ metric_value('kind') }} as value
from pooled
