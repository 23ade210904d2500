-- Children open on each as-at day with their last management oversight or supervision note
-- dated on or before the day, for authorities that send ext_case_notes (without it nothing
-- is known, so no rows). oversight_within_20wd: that note is dated n with wd(n, day) <= 20.
with notes as (
    select la_code, person_id, note_date
    from {{ ref('stg_case_notes') }}
    where note_type in ('MANAGEMENT_OVERSIGHT', 'SUPERVISION')
),

children as (
    select open_child.*
    from {{ ref('int_children_open_on_days') }} as open_child
    semi join {{ ref('stg_available_tables') }} as available
        on available.la_code = open_child.la_code
        and available.table_name = 'ext_case_notes'
),

last_notes as (
    select
        children.*,
        notes.note_date as last_oversight_date
    from children
    asof left join notes
        on notes.la_code = children.la_code
        and notes.person_id = children.person_id
        and notes.note_date <= children.as_at_date
)

select
    * exclude (last_oversight_date),
    last_oversight_date,
    working_day_number - {{ working_day_number('last_oversight_date') }}
        as working_days_since_oversight,
    coalesce(
        working_day_number - {{ working_day_number('last_oversight_date') }} <= 20, false
    ) as oversight_within_20wd
from last_notes
