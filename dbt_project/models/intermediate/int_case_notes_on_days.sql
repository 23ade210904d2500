-- Children open on each as-at day with their last management oversight or supervision note
-- and their last chronology update dated on or before the day, for authorities that send
-- ext_case_notes (without it nothing is known, so no rows).
-- oversight_within_20wd: that oversight note is dated n with wd(n, day) <= 20 (a note on the
-- day itself is 0). chronology_updated_3m: that update is dated in the 3 months before the
-- day (after the day minus 3 calendar months, up to and including the day).
with children as (
    select open_child.*
    from {{ ref('int_children_open_on_days') }} as open_child
    semi join {{ ref('stg_available_tables') }} as available
        on available.la_code = open_child.la_code
        and available.table_name = 'ext_case_notes'
),

-- The child's notes of either kind, each with the child's last oversight note and last
-- chronology update dated on or before it (peers of the same date included): the latest note
-- on or before a day then carries both. One ASOF join rather than one a kind: each sorts the
-- 10M child-days with all their columns (national peak 4.8 GB -> 3.1 GB).
notes as (
    select
        la_code,
        person_id,
        note_date,
        max(note_date) filter (where note_type in ('MANAGEMENT_OVERSIGHT', 'SUPERVISION'))
            over child_so_far as last_oversight_date,
        max(note_date) filter (where note_type = 'CHRONOLOGY_UPDATE')
            over child_so_far as last_chronology_date
    from {{ ref('stg_case_notes') }}
    where note_type in ('MANAGEMENT_OVERSIGHT', 'SUPERVISION', 'CHRONOLOGY_UPDATE')
    window child_so_far as (
        partition by la_code, person_id order by note_date
        range between unbounded preceding and current row
    )
),

with_chronology as (
    select
        facts.*,
        notes.last_oversight_date,
        notes.last_chronology_date
    from children as facts
    asof left join notes
        on notes.la_code = facts.la_code
        and notes.person_id = facts.person_id
        and notes.note_date <= facts.as_at_date
),

measured as (
    select
        *,
        working_day_number - {{ working_day_number('last_oversight_date') }}
            as working_days_since_oversight
    from with_chronology
)

select
    *,
    coalesce(working_days_since_oversight <= 20, false) as oversight_within_20wd,
    coalesce(
        last_chronology_date > {{ months_before('as_at_date', 3) }}, false
    ) as chronology_updated_3m
from measured
