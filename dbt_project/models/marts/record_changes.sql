-- What changed in each record family between consecutive snapshots of an authority, as
-- intermediate.int_record_changes finds it: added, removed, and changed column by column
-- (dates, codes, flags and teams only), with where the record was in both deliveries, and the
-- record's team (its later version's; its earlier's when removed) for the managers of that team.
with changes as (
    select *, coalesce(new_facts['team'], old_facts['team']) as delivered_team
    from {{ ref('int_record_changes') }}
)

select
    la_code,
    family,
    record_id,
    person_id,
    {{ team_name('delivered_team', 'changes') }} as team,
    change,
    changed_column,
    old_value,
    new_value,
    record_date,
    from_extract_date,
    to_extract_date,
    from_source_kind,
    from_source_file,
    from_source_location,
    from_source_row,
    to_source_kind,
    to_source_file,
    to_source_location,
    to_source_row
from changes
order by la_code, to_extract_date, family, record_id, changed_column
