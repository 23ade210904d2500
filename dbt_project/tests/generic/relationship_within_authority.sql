{#- Fails for every row whose `column_name` (when set) names no row of `to` with that `field`
    in the same authority: identifiers are unique per authority only. `where_clause` limits
    the rows checked (for instance, transfers in may name an enquiry held elsewhere). -#}
{% test relationship_within_authority(model, column_name, to, field, where_clause=none) %}
select child.la_code, child.{{ column_name }}
from {{ model }} as child
where child.{{ column_name }} is not null
    {%- if where_clause is not none %}
    and ({{ where_clause }})
    {%- endif %}
    and not exists (
        select 1
        from {{ to }} as parent
        where parent.la_code = child.la_code
            and parent.{{ field }} = child.{{ column_name }}
    )
{% endtest %}
