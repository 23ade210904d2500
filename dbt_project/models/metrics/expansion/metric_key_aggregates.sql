-- Every metric's cohort, counted once per slice value at the finest period key: the event's
-- month (event metrics) or the as-at day (as-at metrics). metric_values rolls these up to
-- each period. A cohort model's columns beyond metric_cohort_key_columns() are its slices;
-- each row also counts towards 'all'. Rates count the members meeting the condition; medians
-- keep the measures, whose median cannot be rolled up from partial medians (in order, so that
-- every build writes the same lists).
{{ depend_on_metric_cohorts() }}
{% for metric in metric_catalogue_entries() %}
select
    '{{ metric.metric_id }}' as metric_id,
    la_code,
    {% if metric.timing == 'event' -%}
    {{ period_start('month', 'period_date') }}
    {%- else -%}
    period_date
    {%- endif %} as period_key,
    dimension,
    dimension_value,
    cast(count(*) as bigint) as cohort_size,
    cast({% if metric.kind == 'rate' %}count_if(met){% else %}0{% endif %} as bigint) as met_count,
    {% if metric.kind == 'median' -%}
    list(measure order by measure) filter (where measure is not null)
    {%- else -%}
    cast([] as double[])
    {%- endif %} as measures
from (
    unpivot (select *, 'all' as "all" from {{ ref(metric.metric_id) }})
    on columns(* exclude ({{ metric_cohort_key_columns(metric.kind) | join(', ') }}))
    into name dimension value dimension_value
)
group by la_code, period_key, dimension, dimension_value
{% if not loop.last %}
union all
{% endif %}
{% endfor %}
