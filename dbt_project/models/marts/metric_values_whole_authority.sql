-- metric_values of the whole authority alone (dimension 'all'): about a tenth of its rows, so
-- that comparing every authority on one chart reads one metric's lines across all of them
-- without going through every slice of every authority.
select
    la_code,
    metric_id,
    period_grain,
    period_start,
    period_end,
    period_complete,
    numerator,
    denominator,
    value,
    history_complete,
    history_note
from {{ ref('metric_values') }}
where dimension = 'all'
