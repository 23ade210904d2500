-- The values the improvement tracker reads: one row per authority, metric of the eleven areas
-- available to it, and month or financial year, holding the value of the slice the tracker
-- judges: the whole authority, or the metric's judged slice (strategy discussions in cases
-- already open, audits of plans). A period in which the judged slice has no cohort has
-- denominator 0 and no value (a count: 0), as an empty 'all' row has. history_complete and
-- history_note are the period's (the same for every slice).
with reference as (
    select la_code, metric_id, kind, judged_dimension, judged_dimension_value
    from {{ ref('metric_references') }}
),

whole as (
    select *
    from {{ ref('metric_values') }}
    where dimension = 'all'
        and period_grain in ('month', 'financial_year')
)

select
    whole.la_code,
    whole.metric_id,
    whole.period_grain,
    whole.period_start,
    whole.period_end,
    whole.period_complete,
    reference.judged_dimension,
    reference.judged_dimension_value,
    case
        when reference.judged_dimension is null then whole.denominator
        when sliced.metric_id is not null then sliced.denominator
        when reference.kind <> 'count' then 0
    end as denominator,
    case
        when reference.judged_dimension is null then whole.value
        when sliced.metric_id is not null then sliced.value
        when reference.kind = 'count' then 0
    end as value,
    whole.history_complete,
    whole.history_note
from whole
inner join reference
    on reference.la_code = whole.la_code
    and reference.metric_id = whole.metric_id
left join {{ ref('metric_values') }} as sliced
    on sliced.la_code = whole.la_code
    and sliced.metric_id = whole.metric_id
    and sliced.period_grain = whole.period_grain
    and sliced.period_start = whole.period_start
    and sliced.dimension = reference.judged_dimension
    and sliced.dimension_value = reference.judged_dimension_value
