{#- A flag as a boolean. The loader types the spec's flag columns as BOOLEAN; a few
    flag-like columns the spec does not mark as flags (cina_assessment_outcome_nfa,
    cppl_cp_plan_ola, ...) arrive as text, read here with the spec's flag words. Anything
    else, and an empty value, reads as No: the metrics count what is recorded as done. -#}
{% macro flag(column) -%}
    coalesce(upper(trim(cast({{ column }} as varchar))) in ('Y', 'YES', '1', 'TRUE'), false)
{%- endmacro %}
