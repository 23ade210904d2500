-- Every metric's cohort, counted once per slice value at the finest period key: the event's
-- month (event metrics) or the as-at day (as-at metrics). metric_values rolls these up to
-- each period. A cohort model's columns beyond metric_cohort_key_columns() are its slices;
-- each row also counts towards 'all', and towards a slice only where its value is not NULL
-- (the cohorts name a missing value, 'Not recorded', where the metric shows it). Rates count
-- the members meeting the condition; medians keep the measures, whose median cannot be rolled
-- up from partial medians (in order, so that every build writes the same lists).
-- One aggregate by grouping sets per metric, one set per slice: the cohort is read once and
-- never multiplied by its slices (an unpivot made a row per member and slice first).
{{ depend_on_metric_cohorts() }}
{% for metric in metric_catalogue_entries() %}
{#- builtins.ref: the relation itself, whose columns are looked up (a plain ref may be a
    subquery of some authorities' rows, macros/authority_scope.sql). -#}
{%- set key_columns = metric_cohort_key_columns(metric.kind) %}
{%- set slices = [] %}
{%- for column in adapter.get_columns_in_relation(builtins.ref(metric.metric_id)) if column.name not in key_columns %}
{%- do slices.append(column.name) %}
{%- endfor %}
select
    '{{ metric.metric_id }}' as metric_id,
    la_code,
    period_key,
    {%- for output in ['dimension', 'dimension_value'] %}
    {% if slices -%}
    case
        {%- for slice in slices %}
        when grouping({{ adapter.quote(slice) }}) = 0
            then {{ sql_literal(slice) if output == 'dimension' else adapter.quote(slice) }}
        {%- endfor %}
        else 'all'
    end
    {%- else -%}
    'all'
    {%- endif %} as {{ output }},
    {%- endfor %}
    cast(count(*) as bigint) as cohort_size,
    cast({% if metric.kind == 'rate' %}count_if(met){% else %}0{% endif %} as bigint) as met_count,
    {% if metric.kind == 'median' -%}
    list(measure order by measure) filter (where measure is not null)
    {%- else -%}
    cast([] as double[])
    {%- endif %} as measures
from (
    select
        *,
        {% if metric.timing == 'event' -%}
        {{ period_start('month', 'period_date') }}
        {%- else -%}
        period_date
        {%- endif %} as period_key
    from {{ ref(metric.metric_id) }}
)
group by grouping sets (
    (la_code, period_key)
    {%- for slice in slices %},
    (la_code, period_key, {{ adapter.quote(slice) }})
    {%- endfor %}
)
{%- if slices %}
having
    {%- for slice in slices %}
    not (grouping({{ adapter.quote(slice) }}) = 0 and {{ adapter.quote(slice) }} is null)
    {%- if not loop.last %} and{% endif %}
    {%- endfor %}
{%- endif %}
{% if not loop.last %}
union all
{% endif %}
{% endfor %}
