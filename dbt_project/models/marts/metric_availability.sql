-- What each authority's history can show, metric by metric and period by period, as published:
-- metrics.metric_period_availability, where availability is decided. The app shows
-- unavailable_reason where a value would be (a metric_values row is absent for such a period,
-- never 0), and the improvement tracker never judges it.
select
    la_code,
    metric_id,
    period_grain,
    period_start,
    available,
    unavailable_reason,
    history_kinds
from {{ ref('metric_period_availability') }}
