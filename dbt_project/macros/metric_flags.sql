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
    {#- One left join per cohort on its key. Each cohort holds a record (and day) once, so no
        join repeats a row; the table's key test would fail the build if one did. Cheaper
        than one aggregate over every cohort's rows (the national oversight details took half
        the time, and two thirds of the memory). #}
    select
        facts.*
        {%- for metric_id in metric_ids %}
        {%- if execute and metric_id not in kinds %}
        {{ exceptions.raise_compiler_error("with_metric_flags: '" ~ metric_id ~ "' is not a metric of the catalogue (macro metric_ids)") }}
        {%- endif %},
        {% if kinds[metric_id] == 'rate' -%}
        {{ metric_id }}.met
        {%- else -%}
        {{ metric_id }}.record_id is not null
        {%- endif %} as {{ metric_id }}
        {%- endfor %}
    from {{ relation }} as facts
    {%- for metric_id in metric_ids %}
    left join {{ ref(metric_id) }} as {{ metric_id }}
        on {{ metric_id }}.la_code = facts.la_code
        and {{ metric_id }}.record_id = cast(facts.{{ record_id }} as varchar)
        {%- if as_at_column is not none %}
        and {{ metric_id }}.period_date = facts.{{ as_at_column }}
        {%- endif %}
    {%- endfor %}
{%- endmacro %}
