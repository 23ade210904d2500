-- The changes between consecutive snapshots that move a number already reported, one row per
-- record and finding (docs/metrics.md, "Changes after the fact"):
--   timescale now met / timescale no longer met: an assessment's start or authorisation moved
--     so that its verdict against the 45 working days changed (metric assessment_within_45wd),
--     or a conference's date, its enquiry or its enquiry's start moved so that its verdict
--     against the 15 working days changed (metric icpc_within_15wd; transfers in are in no
--     cohort, before or after);
--   outcome changed after its period closed: an outcome (NFA, a conference leading to a plan,
--     an audit's grade, ...) changed when the month of the record's own date had ended by the
--     earlier snapshot's extract date;
--   deleted from a closed period: a record of such a month that the newer snapshot, covering
--     it, no longer holds.
-- period_start is the month the record counted in before the change, new_period_start where
-- it counts now (a timescale change whose authorisation moved month; else the same).
{%- set limit = assessment_timescale_working_days() %}
{%- set icpc_limit = icpc_timescale_working_days() %}
{#- What every finding carries of its record, and where both versions were delivered. #}
{%- set record_columns = 'la_code, family, record_id, person_id, delivered_team, from_extract_date, to_extract_date' %}
{%- set provenance = 'from_source_file, from_source_location, from_source_row, to_source_file, to_source_location, to_source_row' %}
with changes as (
    select
        *,
        coalesce(new_facts['team'], old_facts['team']) as delivered_team,
        last_day(old_record_date) <= from_extract_date as in_closed_period
    from {{ ref('int_record_changes') }}
),

assessment_timing as (
    select distinct
        {{ record_columns }},
        {{ provenance }},
        old_facts,
        new_facts,
        cast(old_facts['start_date'] as date) as old_start,
        cast(old_facts['authorised_date'] as date) as old_authorised,
        cast(new_facts['start_date'] as date) as new_start,
        cast(new_facts['authorised_date'] as date) as new_authorised
    from changes
    where family = 'assessments'
        and change = 'changed'
        and changed_column in ('start_date', 'authorised_date')
),

-- Every timescale verdict the changes may have moved, one row per record: the metric, the
-- dates that moved (name, old, new), the dates placing it in a month before and now, and the
-- verdict before and now.
assessment_timescales as (
    select
        {{ record_columns }},
        {{ provenance }},
        'assessment_within_45wd' as metric_id,
        list_filter(
            [
                {'name': 'start_date', 'old': old_facts['start_date'], 'new': new_facts['start_date']},
                {'name': 'authorised_date', 'old': old_facts['authorised_date'], 'new': new_facts['authorised_date']}
            ],
            lambda c: c.old is distinct from c.new
        ) as changed_columns,
        old_authorised as old_period_date,
        new_authorised as new_period_date,
        {{ working_days_between('old_start', 'old_authorised') }} <= {{ limit }} as met_before,
        {{ working_days_between('new_start', 'new_authorised') }} <= {{ limit }} as met_now
    from assessment_timing
    where old_authorised is not null and new_authorised is not null
),

-- The conferences whose verdict against the 15 working days may have moved between a pair of
-- snapshots: the conference's date or enquiry changed, or its enquiry's start moved (its
-- conferences as the newer snapshot gives them).
moved_conferences as (
    select la_code, from_extract_date, to_extract_date, from_source_kind, to_source_kind, record_id
    from changes
    where family = 'icpcs' and change = 'changed' and changed_column in ('icpc_date', 's47_enquiry_id')
    union
    select changes.la_code, changes.from_extract_date, changes.to_extract_date,
        changes.from_source_kind, changes.to_source_kind, conference.record_id
    from changes
    inner join {{ ref('int_record_versions') }} as conference
        on conference.la_code = changes.la_code
        and conference.family = 'icpcs'
        and conference.source_extract_date = changes.to_extract_date
        and conference.source_kind = changes.to_source_kind
        and conference.facts['s47_enquiry_id'] = changes.record_id
    where changes.family = 's47_enquiries' and changes.change = 'changed'
        and changes.changed_column = 'start_date'
),

-- Each side's version of a conference and of its enquiry (a snapshot holding a record twice:
-- its first row, as int_record_changes takes it).
conference_sides as (
    select
        moved.la_code,
        moved.from_extract_date,
        moved.to_extract_date,
        moved.record_id,
        side.is_newer,
        conference.person_id,
        conference.facts['team'] as team,
        cast(conference.facts['icpc_date'] as date) as icpc_date,
        coalesce(conference.facts['is_transfer_in'], 'false') = 'true' as is_transfer_in,
        cast(enquiry.facts['start_date'] as date) as s47_start_date,
        conference.source_file,
        conference.source_location,
        conference.source_row
    from moved_conferences as moved
    cross join (values (false), (true)) as side(is_newer)
    inner join {{ ref('int_record_versions') }} as conference
        on conference.la_code = moved.la_code
        and conference.family = 'icpcs'
        and conference.record_id = moved.record_id
        and conference.source_extract_date
            = case when side.is_newer then moved.to_extract_date else moved.from_extract_date end
        and conference.source_kind
            = case when side.is_newer then moved.to_source_kind else moved.from_source_kind end
    left join {{ ref('int_record_versions') }} as enquiry
        on enquiry.la_code = conference.la_code
        and enquiry.family = 's47_enquiries'
        and enquiry.record_id = conference.facts['s47_enquiry_id']
        and enquiry.source_extract_date = conference.source_extract_date
        and enquiry.source_kind = conference.source_kind
    qualify row_number() over (
        partition by moved.la_code, moved.to_extract_date, moved.record_id, side.is_newer
        order by conference.source_row, enquiry.source_row
    ) = 1
),

conference_timescales as (
    select
        older.la_code,
        'icpcs' as family,
        older.record_id,
        coalesce(newer.person_id, older.person_id) as person_id,
        coalesce(newer.team, older.team) as delivered_team,
        older.from_extract_date,
        older.to_extract_date,
        older.source_file as from_source_file,
        older.source_location as from_source_location,
        older.source_row as from_source_row,
        newer.source_file as to_source_file,
        newer.source_location as to_source_location,
        newer.source_row as to_source_row,
        'icpc_within_15wd' as metric_id,
        list_filter(
            [
                {'name': 'icpc_date', 'old': cast(older.icpc_date as varchar), 'new': cast(newer.icpc_date as varchar)},
                {'name': 's47_start_date', 'old': cast(older.s47_start_date as varchar), 'new': cast(newer.s47_start_date as varchar)}
            ],
            lambda c: c.old is distinct from c.new
        ) as changed_columns,
        older.icpc_date as old_period_date,
        newer.icpc_date as new_period_date,
        coalesce({{ working_days_between('older.s47_start_date', 'older.icpc_date') }} <= {{ icpc_limit }}, false)
            as met_before,
        coalesce({{ working_days_between('newer.s47_start_date', 'newer.icpc_date') }} <= {{ icpc_limit }}, false)
            as met_now
    from conference_sides as older
    inner join conference_sides as newer
        on newer.la_code = older.la_code
        and newer.to_extract_date = older.to_extract_date
        and newer.record_id = older.record_id
        and newer.is_newer
    where not older.is_newer
        and not older.is_transfer_in
        and not newer.is_transfer_in
        and older.icpc_date is not null
        and newer.icpc_date is not null
),

timescales as (
    select * from assessment_timescales
    union all by name
    select * from conference_timescales
),

findings as (
    select
        {{ record_columns }},
        case when met_now then 'timescale now met' else 'timescale no longer met' end as finding,
        metric_id,
        array_to_string(list_transform(changed_columns, lambda c: c.name), ', ') as changed_column,
        array_to_string(list_transform(changed_columns, lambda c: coalesce(c.old, '')), ', ') as old_value,
        array_to_string(list_transform(changed_columns, lambda c: coalesce(c.new, '')), ', ') as new_value,
        date_trunc('month', old_period_date) as period_start,
        date_trunc('month', new_period_date) as new_period_start,
        met_before,
        met_now,
        {{ provenance }}
    from timescales
    where met_before <> met_now

    union all

    select
        {{ record_columns }},
        'outcome changed after its period closed' as finding,
        cast(null as varchar) as metric_id,
        changed_column,
        old_value,
        new_value,
        date_trunc('month', old_record_date) as period_start,
        date_trunc('month', record_date) as new_period_start,
        cast(null as boolean) as met_before,
        cast(null as boolean) as met_now,
        {{ provenance }}
    from changes
    where change = 'changed'
        and in_closed_period
        and (family, changed_column) in (
            ('referrals', 'is_nfa'),
            ('assessments', 'outcome_nfa'),
            ('s47_enquiries', 'is_nfa'),
            ('s47_enquiries', 'icpc_deemed_unnecessary'),
            ('icpcs', 'led_to_cp_plan'),
            ('case_audits', 'grade'),
            ('strategy_discussions', 'outcome'),
            ('prevent_referrals', 'outcome'),
            ('homeless_presentations', 'outcome')
        )

    union all

    select
        {{ record_columns }},
        'deleted from a closed period' as finding,
        cast(null as varchar) as metric_id,
        cast(null as varchar) as changed_column,
        cast(null as varchar) as old_value,
        cast(null as varchar) as new_value,
        date_trunc('month', old_record_date) as period_start,
        cast(null as date) as new_period_start,
        cast(null as boolean) as met_before,
        cast(null as boolean) as met_now,
        {{ provenance }}
    from changes
    where change = 'removed' and in_closed_period
)

select
    findings.la_code,
    findings.finding,
    findings.family,
    findings.record_id,
    findings.person_id,
    {{ team_name('delivered_team', 'findings') }} as team,
    findings.changed_column,
    findings.old_value,
    findings.new_value,
    cast(findings.period_start as date) as period_start,
    cast(findings.new_period_start as date) as new_period_start,
    findings.metric_id,
    findings.met_before,
    findings.met_now,
    findings.from_extract_date,
    findings.to_extract_date,
    findings.from_source_file,
    findings.from_source_location,
    findings.from_source_row,
    findings.to_source_file,
    findings.to_source_location,
    findings.to_source_row
from findings
order by findings.la_code, findings.to_extract_date, findings.finding, findings.family, findings.record_id
