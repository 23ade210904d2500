{#- Warns about dates the working-day calendar does not cover (vars calendar_first_date and
    calendar_last_date): working days counted from or to them are unknown (NULL), so the
    record cannot meet a working-day timescale. -#}
{% test within_calendar(model, column_name) %}
    {{ config(severity='warn') }}
select la_code, {{ column_name }}
from {{ model }}
where {{ column_name }} < cast('{{ var("calendar_first_date") }}' as date)
    or {{ column_name }} > cast('{{ var("calendar_last_date") }}' as date)
{% endtest %}
