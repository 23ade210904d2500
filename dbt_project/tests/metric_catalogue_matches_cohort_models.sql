-- Fails for every metric of the published catalogue without a cohort model (tag `metric`,
-- folder models/metrics/cohorts) and every cohort model missing from the catalogue:
-- metric_values expands exactly the catalogue, so either would be a metric silently missing.
-- (Reading metric_catalogue makes this a check on that table in Dagster.)
{%- set modelled = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and 'metric' in node.tags -%}
        {%- do modelled.append(node.name) -%}
    {%- endfor -%}
{%- endif %}
with modelled as (
    select unnest({{ sql_literal(modelled) }}) as metric_id
)

select metric_id, 'catalogue entry without a cohort model' as problem
from {{ ref('metric_catalogue') }}
where metric_id not in (select metric_id from modelled)
union all
select metric_id, 'cohort model without a catalogue entry' as problem
from modelled
where metric_id not in (select metric_id from {{ ref('metric_catalogue') }})
