{#- Age band on a date, from the age in completed years. A date of birth after the date (an
    unborn child's record) counts as 'Under 1'. -#}
{% macro age_band(birth_date, on_date) -%}
    case
        when {{ on_date }} is null then null
        when {{ birth_date }} is null then 'Not known'
        when {{ birth_date }} > {{ on_date }} then 'Under 1'
        when date_sub('year', {{ birth_date }}, {{ on_date }}) < 1 then 'Under 1'
        when date_sub('year', {{ birth_date }}, {{ on_date }}) < 5 then '1-4'
        when date_sub('year', {{ birth_date }}, {{ on_date }}) < 10 then '5-9'
        when date_sub('year', {{ birth_date }}, {{ on_date }}) < 16 then '10-15'
        else '16+'
    end
{%- endmacro %}
