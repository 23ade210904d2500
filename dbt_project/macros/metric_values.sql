{#- Pooling metric_key_aggregates rows (alias `aggregates`) into one period or window: the
    cohort, the members meeting the condition, and the median of every pooled measure (a
    median is never taken of medians). Only rows with measures (a median's) are listed: a list
    state a group, even of empty lists, held GBs nationally and spilled tens of GB. -#}
{% macro pooled_aggregates(aggregates='aggregates') -%}
    sum({{ aggregates }}.cohort_size) as cohort_size,
    sum({{ aggregates }}.met_count) as met_count,
    list_median(flatten(
        list({{ aggregates }}.measures) filter (where len({{ aggregates }}.measures) > 0)
    )) as median_measure
{%- endmacro %}

{#- A metric's value from pooled aggregates: rates 100 x met / cohort (NULL for an empty
    cohort), counts the count, medians the median. -#}
{% macro metric_value(kind, cohort_size='cohort_size', met_count='met_count', median_measure='median_measure') -%}
    cast(case {{ kind }}
        when 'rate' then 100.0 * {{ met_count }} / nullif({{ cohort_size }}, 0)
        when 'count' then {{ cohort_size }}
        when 'median' then {{ median_measure }}
    end as double)
{%- endmacro %}
