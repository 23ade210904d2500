-- The monthly metric values the changes after the fact moved, and by how much: for each
-- authority, metric and month, what the findings of marts.changes_after_the_fact added to its
-- numerator and denominator (a record leaves the month it counted in, with its old verdict,
-- and joins the month it counts in now, with its new one), its value now (metric_values, the
-- whole authority) and the value it would have without those changes.
with moves as (
    select la_code, metric_id, period_start, -1 as denominator_change,
        -cast(met_before as integer) as numerator_change
    from {{ ref('changes_after_the_fact') }}
    where metric_id is not null
    union all
    select la_code, metric_id, new_period_start, 1, cast(met_now as integer)
    from {{ ref('changes_after_the_fact') }}
    where metric_id is not null
),

per_month as (
    select
        la_code,
        metric_id,
        period_start,
        sum(numerator_change) as numerator_change,
        sum(denominator_change) as denominator_change
    from moves
    group by all
    having sum(numerator_change) <> 0 or sum(denominator_change) <> 0
)

select
    per_month.la_code,
    per_month.metric_id,
    per_month.period_start,
    cast(per_month.numerator_change as bigint) as numerator_change,
    cast(per_month.denominator_change as bigint) as denominator_change,
    cast(now_values.numerator - per_month.numerator_change as bigint) as numerator_before,
    cast(now_values.denominator - per_month.denominator_change as bigint) as denominator_before,
    {{ metric_value(
        "'rate'",
        cohort_size='(now_values.denominator - per_month.denominator_change)',
        met_count='(now_values.numerator - per_month.numerator_change)',
        median_measure='null',
    ) }} as value_before,
    now_values.numerator as numerator_now,
    now_values.denominator as denominator_now,
    now_values.value as value_now
from per_month
inner join {{ ref('metric_values') }} as now_values
    on now_values.la_code = per_month.la_code
    and now_values.metric_id = per_month.metric_id
    and now_values.period_grain = 'month'
    and now_values.period_start = per_month.period_start
    and now_values.dimension = 'all'
order by per_month.la_code, per_month.metric_id, per_month.period_start
