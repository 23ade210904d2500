-- Each authority's latest two complete periods of every metric and grain, whole authority,
-- newest first (recency 1, then 2): the headline figure and its change that the explorer shows
-- for one authority or for all of them. Published so that the app reads them by key instead of
-- windowing every authority's metric_values at each visit.
select
    la_code,
    metric_id,
    period_grain,
    cast(row_number() over (
        partition by la_code, metric_id, period_grain order by period_start desc
    ) as integer) as recency,
    period_start,
    value,
    denominator,
    history_complete,
    history_note
from {{ ref('metric_values') }}
where dimension = 'all' and period_complete
qualify recency <= 2
