{#- Fails for every combination of `columns` held by more than one row. -#}
{% test unique_key(model, columns) %}
select
    {{ columns | join(', ') }},
    count(*) as rows_with_key
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
