-- Fails for every target (default or override) that cannot be used: a metric id that is not
-- in the catalogue, a metric that is not rated (a context volume, or one with no judgement),
-- a rate's target or band outside 0 to 100, a negative target, a metric judged against a band
-- without both ends of it or with a band that does not hold its target, and a band given to a
-- metric judged one way. The catalogue is read from the metrics' YAML (macro
-- metric_catalogue_entries), not from its model, so that a bad override stops only what reads
-- the targets. The failing rows, each with its problem in words, are stored in the warehouse
-- (dbt_test__audit.targets_are_for_rated_metrics_in_range).
-- In Dagster it is an asset check on the overrides' seed, where a mistyped row would be.
{{ config(store_failures=true, meta={'dagster': {'ref': {'name': 'target_overrides'}}}) }}
{%- set rated = {} -%}
{%- for entry in metric_catalogue_entries() -%}
    {%- if entry.improvement_area > 0 and entry.judgement != 'none' -%}
        {%- do rated.update({entry.metric_id: [entry.kind, entry.judgement]}) -%}
    {%- endif -%}
{%- endfor %}
with metrics as (
    select * from (values
        {%- for metric_id, facts in rated.items() %}
        ({{ sql_literal(metric_id) }}, {{ sql_literal(facts[0]) }}, {{ sql_literal(facts[1]) }}){{ ',' if not loop.last }}
        {%- endfor %}
    ) as rated(metric_id, kind, judgement)
),

targets as (
    select 'metric_targets' as seed, cast(null as varchar) as la_code, metric_id, target, band_low, band_high
    from {{ ref('metric_targets') }}
    union all
    select 'target_overrides', la_code, metric_id, target, band_low, band_high
    from {{ ref('target_overrides') }}
),

checked as (
    select
        targets.*,
        case
            when metrics.metric_id is null
                then 'not a metric of an improvement area with a judgement (see metric_catalogue)'
            when metrics.kind = 'rate' and targets.target not between 0 and 100
                then 'a rate''s target is a percentage, from 0 to 100'
            when targets.target < 0
                then 'a target cannot be negative'
            when metrics.judgement = 'within_band' and (targets.band_low is null or targets.band_high is null)
                then 'this metric is judged against a band: give band_low and band_high'
            when metrics.judgement <> 'within_band' and (targets.band_low is not null or targets.band_high is not null)
                then 'this metric is judged one way: leave band_low and band_high empty'
            when metrics.judgement = 'within_band'
                and not (targets.band_low <= targets.target and targets.target <= targets.band_high)
                then 'the band must run from band_low up to band_high, with the target inside it'
            when metrics.kind = 'rate' and (targets.band_low < 0 or targets.band_high > 100)
                then 'a rate''s band is in percentages, from 0 to 100'
        end as problem
    from targets
    left join metrics on metrics.metric_id = targets.metric_id
)

select seed, la_code, metric_id, target, band_low, band_high, problem
from checked
where problem is not null
