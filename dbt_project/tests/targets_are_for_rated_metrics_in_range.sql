-- Fails for every target (default or override) that cannot be used: a metric id that is not
-- in the catalogue, a metric that is not rated (a context volume, or one with no direction),
-- a rate's target outside 0 to 100, or a negative target. The catalogue is read from the
-- metrics' YAML (macro metric_catalogue_entries), not from its model, so that a bad override
-- stops only what reads the targets. The failing rows, each with its problem in words, are stored in the warehouse
-- (dbt_test__audit.targets_are_for_rated_metrics_in_range).
{{ config(store_failures=true) }}
{%- set rated = {} -%}
{%- for entry in metric_catalogue_entries() -%}
    {%- if entry.improvement_area > 0 and entry.judgement != 'none' -%}
        {%- do rated.update({entry.metric_id: entry.kind}) -%}
    {%- endif -%}
{%- endfor %}
with metrics as (
    select * from (values
        {%- for metric_id, kind in rated.items() %}
        ({{ sql_literal(metric_id) }}, {{ sql_literal(kind) }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as rated(metric_id, kind)
),

targets as (
    select 'metric_targets' as seed, cast(null as varchar) as la_code, metric_id, target
    from {{ ref('metric_targets') }}
    union all
    select 'target_overrides', la_code, metric_id, target
    from {{ ref('target_overrides') }}
)

select
    targets.seed,
    targets.la_code,
    targets.metric_id,
    targets.target,
    case
        when metrics.metric_id is null
            then 'not a metric of an improvement area with a direction (see metric_catalogue)'
        when metrics.kind = 'rate' and targets.target not between 0 and 100
            then 'a rate''s target is a percentage, from 0 to 100'
        else 'a target cannot be negative'
    end as problem
from targets
left join metrics on metrics.metric_id = targets.metric_id
where metrics.metric_id is null
    or targets.target < 0
    or (metrics.kind = 'rate' and targets.target > 100)
