-- Which slices each authority's metrics have: what the explorer and the teams-and-workers
-- page offer to choose from, read by key instead of scanning metric_values for it.
select distinct
    la_code,
    metric_id,
    dimension
from {{ ref('metric_values') }}
