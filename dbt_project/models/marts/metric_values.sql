-- One row per authority, metric, period and slice (docs/metrics.md, "Output tables").
-- Every metric available to an authority has an 'all' row for each of its periods, even with
-- an empty cohort; other slices have rows only for the values that occur. A metric has rows
-- only for the periods in which it is available (metrics.metric_period_availability: the snapshots
-- the period's history comes from are of kinds that can give it and delivered the tables it
-- needs from them); an unavailable period has none, never 0. history_complete
-- and history_note (metric_period_history) say whether the authority's history holds what the
-- value needs; a value that falls short is published, flagged.
with catalogue as (
    select metric_id, kind, timing
    from {{ ref('metric_definitions') }}
),

available_periods as (
    select
        periods.la_code,
        catalogue.metric_id,
        catalogue.kind,
        periods.period_grain,
        periods.period_start,
        periods.period_end,
        periods.period_complete,
        history.history_complete,
        history.history_note
    from {{ ref('int_periods') }} as periods
    inner join {{ ref('metric_period_availability') }} as availability
        on availability.la_code = periods.la_code
        and availability.period_grain = periods.period_grain
        and availability.period_start = periods.period_start
        and availability.available
    inner join catalogue
        on catalogue.metric_id = availability.metric_id
    inner join {{ ref('metric_period_history') }} as history
        on history.la_code = periods.la_code
        and history.metric_id = catalogue.metric_id
        and history.period_grain = periods.period_grain
        and history.period_start = periods.period_start
),

rolled_up as (
    select
        aggregates.la_code,
        aggregates.metric_id,
        period_keys.period_grain,
        period_keys.period_start,
        aggregates.dimension,
        aggregates.dimension_value,
        {{ pooled_aggregates('aggregates') }}
    from {{ ref('metric_key_aggregates') }} as aggregates
    inner join catalogue
        on catalogue.metric_id = aggregates.metric_id
    inner join {{ ref('int_period_keys') }} as period_keys
        on period_keys.la_code = aggregates.la_code
        and period_keys.timing = catalogue.timing
        and period_keys.period_key = aggregates.period_key
    group by all
),

-- A period with no cohort at all still gets its 'all' row (every cohort row counts in 'all',
-- so a period with any rows has one already).
sliced as (
    select
        available_periods.*,
        coalesce(rolled_up.dimension, 'all') as dimension,
        coalesce(rolled_up.dimension_value, 'all') as dimension_value,
        coalesce(rolled_up.cohort_size, 0) as cohort_size,
        coalesce(rolled_up.met_count, 0) as met_count,
        rolled_up.median_measure
    from available_periods
    left join rolled_up
        on rolled_up.la_code = available_periods.la_code
        and rolled_up.metric_id = available_periods.metric_id
        and rolled_up.period_grain = available_periods.period_grain
        and rolled_up.period_start = available_periods.period_start
)

select
    la_code,
    metric_id,
    period_grain,
    period_start,
    period_end,
    period_complete,
    dimension,
    dimension_value,
    cast(case kind when 'rate' then met_count when 'count' then cohort_size end as bigint) as numerator,
    cast(case when kind <> 'count' then cohort_size end as bigint) as denominator,
    {{ metric_value('kind') }} as value,
    history_complete,
    history_note
from sliced
