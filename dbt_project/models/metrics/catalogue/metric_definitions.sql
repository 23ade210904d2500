-- One row per metric: its catalogue entry, read from the config.meta of its cohort model
-- (models/metrics/cohorts/<metric_id>.yml, macro metric_catalogue_entries), with the slices
-- its cohort model was built with and the default target (and band) of seed metric_targets. marts
-- metric_catalogue publishes it; the tracker and metric_values read it here.
{{ depend_on_metric_cohorts() }}
{%- set key_columns = metric_cohort_key_columns() %}
with entries as (
{%- for metric in metric_catalogue_entries() %}
{#- builtins.ref: the relation itself, whose columns are looked up (a plain ref may be a
    subquery of some authorities' rows, macros/authority_scope.sql). #}
{%- set cohort = builtins.ref(metric.metric_id) %}
    select
        {{ sql_literal(metric.metric_id) }} as metric_id,
        {{ sql_literal(metric.title) }} as title,
        cast({{ metric.improvement_area }} as integer) as improvement_area,
        {{ sql_literal(metric.kind) }} as kind,
        {{ sql_literal(metric.unit) }} as unit,
        cast({{ sql_literal(metric.higher_is_better) }} as boolean) as higher_is_better,
        {{ sql_literal(metric.judgement) }} as judgement,
        cast({{ sql_literal(metric.england_value) }} as double) as england_value,
        cast({{ sql_literal(metric.england_source) }} as varchar) as england_source,
        cast({{ sql_literal(metric.england_year) }} as varchar) as england_year,
        {{ sql_literal(metric.definition) }} as definition,
        {{ sql_literal(metric.timing) }} as timing,
        cast({{ sql_literal(metric.look_back_months) }} as integer) as look_back_months,
        cast({{ sql_literal(metric.warm_up_months) }} as integer) as warm_up_months,
        cast({{ sql_literal(metric.judged_dimension) }} as varchar) as judged_dimension,
        cast({{ sql_literal(metric.judged_dimension_value) }} as varchar) as judged_dimension_value,
        cast({{ sql_literal(metric.judged_slice_label) }} as varchar) as judged_slice_label,
        {{ sql_literal(metric.cases_table) }} as cases_table,
        {{ sql_literal(metric.cases_placed_by) }} as cases_placed_by,
        coalesce((
            select list(column_name order by ordinal_position)
            from information_schema.columns
            where table_catalog = {{ sql_literal(cohort.database) }}
                and table_schema = {{ sql_literal(cohort.schema) }}
                and table_name = {{ sql_literal(cohort.identifier) }}
                and column_name not in ({% for column in key_columns %}{{ sql_literal(column) }}{{ ', ' if not loop.last }}{% endfor %})
        ), cast([] as varchar[])) as slices,
        {{ sql_literal(metric.kinds) }} as kinds,
        {{ sql_literal(metric.source_tables) }} as source_tables,
        {{ sql_literal(metric.source_columns) }} as source_columns,
        {{ sql_literal(metric.history_families) }} as history_families,
        {{ loop.index }} as catalogue_order
    {% if not loop.last %}union all{% endif %}
{%- endfor %}
)

select
    entries.metric_id,
    entries.title,
    entries.improvement_area,
    entries.kind,
    entries.unit,
    entries.higher_is_better,
    targets.target,
    entries.england_value,
    entries.england_source,
    entries.england_year,
    entries.definition,
    entries.timing,
    entries.slices,
    entries.kinds,
    entries.source_tables,
    entries.source_columns,
    entries.history_families,
    targets.basis as target_basis,
    targets.note as target_note,
    entries.judgement,
    entries.look_back_months,
    entries.warm_up_months,
    targets.band_low,
    targets.band_high,
    entries.judged_dimension,
    entries.judged_dimension_value,
    entries.judged_slice_label,
    entries.cases_table,
    entries.cases_placed_by,
    entries.catalogue_order
from entries
left join {{ ref('metric_targets') }} as targets
    on targets.metric_id = entries.metric_id
