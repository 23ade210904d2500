{#- Adds one column per metric, named after it, to the rows of a detail table: for a rate,
    whether the record met the condition (NULL when it is not in the metric's cohort); for a
    count or median, whether the record is in the cohort. Taken from the cohort models, so a
    detail row shows exactly what the metric counted. `relation` has la_code and a column
    holding the cohort's record_id; `as_at_column` ties as-at rows to their day. Each metric's
    YAML names the table that carries its flag (config.meta cases); the build stops when a
    table carries the flag of a metric that names another. -#}
{% macro with_metric_flags(relation, record_id, metric_ids, as_at_column=none) -%}
    {%- set kinds = {} -%}
    {%- for entry in metric_catalogue_entries() -%}
        {%- do kinds.update({entry.metric_id: entry.kind}) -%}
        {#- The metric's YAML says which table holds its cases (config.meta cases): this one. -#}
        {%- if entry.metric_id in metric_ids and entry.cases_table != model.name -%}
            {{ exceptions.raise_compiler_error(
                "with_metric_flags: " ~ model.name ~ " carries the flag of " ~ entry.metric_id
                ~ ", but that metric's config.meta cases names the table " ~ entry.cases_table
                ~ " (models/metrics/cohorts/" ~ entry.metric_id ~ ".yml)") }}
        {%- endif -%}
    {%- endfor %}
    {%- set period_key = ', period_date' if as_at_column is not none else '' %}
    select
        facts.*
        {%- for metric_id in metric_ids %}
        {%- if execute and metric_id not in kinds %}
        {{ exceptions.raise_compiler_error("with_metric_flags: '" ~ metric_id ~ "' is not a metric of the catalogue (macro metric_ids)") }}
        {%- endif %},
        {% if kinds[metric_id] == 'rate' -%}
        flags.{{ metric_id }}
        {%- else -%}
        coalesce(flags.{{ metric_id }}, false)
        {%- endif %} as {{ metric_id }}
        {%- endfor %}
    from {{ relation }} as facts
    {#- Every cohort's rows in one list, then one row of flags per record (and day): one
        aggregate and one join, where a join per cohort would hold every cohort in memory at
        once (the national area's assessments ran out of it). #}
    left join (
        select
            la_code,
            record_id{{ period_key }}
            {%- for metric_id in metric_ids %},
            {% if kinds[metric_id] == 'rate' -%}
            any_value(met) filter (where metric_id = '{{ metric_id }}')
            {%- else -%}
            bool_or(true) filter (where metric_id = '{{ metric_id }}')
            {%- endif %} as {{ metric_id }}
            {%- endfor %}
        from (
            {%- for metric_id in metric_ids %}
            select
                '{{ metric_id }}' as metric_id,
                la_code,
                record_id{{ period_key }},
                {{ 'met' if kinds[metric_id] == 'rate' else 'cast(null as boolean)' }} as met
            from {{ ref(metric_id) }}
            {%- if not loop.last %}
            union all
            {%- endif %}
            {%- endfor %}
        ) as cohort_rows
        group by la_code, record_id{{ period_key }}
    ) as flags
        on flags.la_code = facts.la_code
        and flags.record_id = cast(facts.{{ record_id }} as varchar)
        {%- if as_at_column is not none %}
        and flags.period_date = facts.{{ as_at_column }}
        {%- endif %}
{%- endmacro %}
