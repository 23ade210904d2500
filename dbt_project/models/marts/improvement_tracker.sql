-- One row per authority, improvement area and metric its history gives (docs/architecture.md,
-- "improvement_tracker"): the latest complete month and financial year, the change on the
-- period before, the target, the England figure and the status of the latest complete month
-- by the rule of improvement_tracker_history (docs/metrics.md, "The improvement tracker").
-- The values are those of the slice the tracker judges (tracked_values): the whole authority,
-- or the metric's judged slice (judged_dimension, judged_dimension_value). A metric not available
-- in the latest complete month (the authority's deliveries cannot give it then) has no value for
-- it and the status 'not available', with the reason: the tracker never judges an older month
-- in its place.
with available as (
    select distinct la_code, metric_id
    from {{ ref('tracked_values') }}
),

-- The latest two complete periods of each grain (periods are consecutive, so the second is
-- the one just before the first).
ranked as (
    select
        la_code,
        metric_id,
        period_grain,
        period_start,
        denominator,
        value,
        history_complete,
        history_note,
        row_number() over (
            partition by la_code, metric_id, period_grain order by period_start desc
        ) as recency
    from {{ ref('tracked_values') }}
    where period_complete
),

latest_two as (
    select
        la_code,
        metric_id,
        period_grain,
        any_value(period_start) filter (where recency = 1) as latest_start,
        any_value(value) filter (where recency = 1) as latest_value,
        any_value(denominator) filter (where recency = 1) as latest_denominator,
        any_value(history_complete) filter (where recency = 1) as latest_history_complete,
        any_value(history_note) filter (where recency = 1) as latest_history_note,
        any_value(value) filter (where recency = 2) as previous_value
    from ranked
    where recency <= 2
    group by la_code, metric_id, period_grain
)

select
    reference.la_code,
    reference.improvement_area,
    reference.area_title,
    reference.metric_id,
    reference.metric_title,
    reference.higher_is_better,
    month.latest_start as latest_month_start,
    month.latest_value as latest_month_value,
    month.latest_denominator as latest_month_denominator,
    month.previous_value as previous_month_value,
    month.latest_value - month.previous_value as month_change,
    year.latest_start as latest_year_start,
    year.latest_value as latest_year_value,
    year.latest_denominator as latest_year_denominator,
    year.previous_value as previous_year_value,
    year.latest_value - year.previous_value as year_change,
    reference.target,
    reference.england_value,
    case
        when history.metric_id is not null then history.status
        when reference.is_rated then 'not enough data'
    end as status,
    coalesce(
        history.status_reason,
        case when reference.is_rated then 'No complete month yet.' else 'Not rated.' end
    ) as status_reason,
    reference.kind,
    reference.unit,
    reference.target_basis,
    reference.target_note,
    reference.england_year,
    history.judged_window_months,
    history.judged_value,
    history.judged_denominator,
    reference.judgement,
    reference.band_low,
    reference.band_high,
    reference.judged_dimension,
    reference.judged_dimension_value,
    month.latest_history_complete as latest_month_history_complete,
    month.latest_history_note as latest_month_history_note,
    year.latest_history_complete as latest_year_history_complete,
    year.latest_history_note as latest_year_history_note
from {{ ref('metric_references') }} as reference
semi join available
    on available.la_code = reference.la_code
    and available.metric_id = reference.metric_id
left join latest_two as month
    on month.la_code = reference.la_code
    and month.metric_id = reference.metric_id
    and month.period_grain = 'month'
left join latest_two as year
    on year.la_code = reference.la_code
    and year.metric_id = reference.metric_id
    and year.period_grain = 'financial_year'
left join {{ ref('improvement_tracker_history') }} as history
    on history.la_code = reference.la_code
    and history.metric_id = reference.metric_id
    and history.month_start = month.latest_start
order by reference.la_code, reference.improvement_area, reference.metric_id
