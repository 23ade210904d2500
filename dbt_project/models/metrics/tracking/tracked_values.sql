-- The values the improvement tracker reads: one row per authority, metric of the eleven areas
-- that its history gives in at least one period, and month or financial year of the
-- authority's periods, holding the value of the slice the
-- tracker judges: the whole authority, or the metric's judged slice (strategy discussions in
-- cases already open, audits of plans). A period in which the judged slice has no cohort has
-- denominator 0 and no value (a count: 0), as an empty 'all' row has. history_complete and
-- history_note are the period's (the same for every slice). A period in which such a metric is
-- not available (metric_period_availability) is here too, with no value, available false and
-- its unavailable_reason, so that the tracker says why and never judges an earlier period in
-- its place. A metric the authority's history never gives has no rows (the tracker has none
-- for it; marts metric_availability says why).
with reference as (
    select la_code, metric_id, kind, judged_dimension, judged_dimension_value
    from {{ ref('metric_references') }}
),

whole as (
    select *
    from {{ ref('metric_values') }}
    where dimension = 'all'
        and period_grain in ('month', 'financial_year')
),

available as (
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
        whole.history_note,
        true as available,
        cast(null as varchar) as unavailable_reason
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
),

unavailable as (
    select
        availability.la_code,
        availability.metric_id,
        availability.period_grain,
        availability.period_start,
        periods.period_end,
        periods.period_complete,
        reference.judged_dimension,
        reference.judged_dimension_value,
        cast(null as bigint) as denominator,
        cast(null as double) as value,
        true as history_complete,
        cast(null as varchar) as history_note,
        false as available,
        availability.unavailable_reason
    from {{ ref('metric_period_availability') }} as availability
    inner join reference
        on reference.la_code = availability.la_code
        and reference.metric_id = availability.metric_id
    inner join {{ ref('int_periods') }} as periods
        on periods.la_code = availability.la_code
        and periods.period_grain = availability.period_grain
        and periods.period_start = availability.period_start
    semi join whole
        on whole.la_code = availability.la_code
        and whole.metric_id = availability.metric_id
    where not availability.available
        and availability.period_grain in ('month', 'financial_year')
)

select * from available
union all
select * from unavailable
