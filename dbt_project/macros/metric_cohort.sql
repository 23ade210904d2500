{#- The columns a metric cohort model has besides its slices: for a metric of `kind`, or for
    any kind when none is given. -#}
{% macro metric_cohort_key_columns(kind=none) -%}
    {%- set measured = {'rate': ['met'], 'median': ['measure'], 'count': []} -%}
    {%- if kind is none -%}
        {{ return(['la_code', 'period_date', 'person_id', 'record_id', 'met', 'measure']) }}
    {%- elif kind in measured -%}
        {{ return(['la_code', 'period_date', 'person_id', 'record_id'] + measured[kind]) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("Unknown metric kind '" ~ kind ~ "': use rate, count or median") }}
    {%- endif -%}
{%- endmacro %}

{#- A metric cohort model's select: one row per cohort member.
      cohort       the relation (or CTE name) holding the cohort's candidates
      where        which candidates are in the cohort (SQL condition; optional)
      period_date  the date that places the row in a period (event metrics) or the as-at day
      record_id    the id of the record counted (assessment, enquiry, ... or the child)
      met          rates: the condition (SQL boolean)
      measure      medians: the value (SQL number)
      slices       the slices besides 'all': a list of column names of `cohort`, or one-entry
                   mappings {slice name: SQL expression}
    The metric's kind and timing are in its YAML's config.meta (macro metric_catalogue_entries). -#}
{% macro metric_cohort(cohort, period_date, record_id, slices=[], where=none, met=none, measure=none) -%}
    {%- set columns = [
        'la_code',
        'cast(' ~ period_date ~ ' as date) as period_date',
        'person_id',
        'cast(' ~ record_id ~ ' as varchar) as record_id',
    ] -%}
    {%- if met is not none -%}
        {%- do columns.append('coalesce(' ~ met ~ ', false) as met') -%}
    {%- endif -%}
    {%- if measure is not none -%}
        {%- do columns.append('cast(' ~ measure ~ ' as double) as measure') -%}
    {%- endif -%}
    {%- for slice in slices -%}
        {%- if slice is mapping -%}
            {%- for name, expression in slice.items() -%}
                {%- do columns.append('cast(' ~ expression ~ ' as varchar) as ' ~ name) -%}
            {%- endfor -%}
        {%- else -%}
            {%- do columns.append('cast(' ~ slice ~ ' as varchar) as ' ~ slice) -%}
        {%- endif -%}
    {%- endfor %}
    select
        {{ columns | join(',\n        ') }}
    from {{ cohort }}
    {%- if where is not none %}
    where {{ where }}
    {%- endif %}
{%- endmacro %}

{#- The five slices every rate and median has unless the spec says otherwise. -#}
{% macro standard_slices() -%}
    {{ return(['team', 'disability', 'age_band', 'sex', 'ethnicity_group']) }}
{%- endmacro %}
