-- Which work lists each authority can have, and why not: one row per authority and work list.
-- A work list is as at the authority's extract date, so it rests on its current (newest)
-- snapshot: it is available when that snapshot is of a kind that can give it (the list's
-- config.meta kinds, models/marts/marts.yml), delivered every table it needs from that kind and
-- did not stop sending a column it needs (config.meta source_columns;
-- stg_snapshots.dropped_columns). Otherwise unavailable_reason says why, in the words the
-- metrics use (macro unavailable_reason), and the list has no rows (macro
-- worklist_is_available): "not available", never "no cases" made of missing values.
{%- set lists = worklist_requirements() %}
with lists as (
    {%- for list in lists %}
    select
        '{{ list.worklist }}' as worklist,
        {{ sql_literal(list.kinds) }} as kinds,
        {{ sql_literal(list.source_tables) }} as source_tables,
        {{ sql_literal(list.source_columns) }} as source_columns
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select
        cast(null as varchar) as worklist,
        cast([] as varchar[]) as kinds,
        cast([] as varchar[]) as source_tables,
        cast([] as varchar[]) as source_columns
    where false
    {%- endfor %}
),

current_snapshots as (
    select *
    from {{ ref('stg_snapshots') }}
    qualify snapshot_order = max(snapshot_order) over (partition by la_code)
),

checks as (
    select
        snapshot.la_code,
        lists.worklist,
        snapshot.kind,
        snapshot.extract_date,
        {{ delivery_shortfalls('lists', 'snapshot') }}
    from current_snapshots as snapshot
    cross join lists
),

reasoned as (
    select
        la_code,
        worklist,
        {{ unavailable_reason('list', 'kind_gives_it', 'kind', 'extract_date', 'missing_tables', 'missing_columns') }}
            as unavailable_reason
    from checks
)

select
    la_code,
    worklist,
    unavailable_reason is null as available,
    unavailable_reason
from reasoned
