-- The changes between consecutive snapshots that move a number already reported, one row per
-- record and finding (docs/metrics.md, "Changes after the fact"):
--   timescale now met / timescale no longer met: an assessment's start or authorisation moved
--     so that its verdict against the 45 working days changed (metric assessment_within_45wd);
--   outcome changed after its period closed: an outcome (NFA, a conference leading to a plan,
--     an audit's grade, ...) changed when the month of the record's own date had ended by the
--     earlier snapshot's extract date;
--   deleted from a closed period: a record of such a month that the newer snapshot, covering
--     it, no longer holds.
-- period_start is the month the record counted in before the change, new_period_start where
-- it counts now (a timescale change whose authorisation moved month; else the same).
{%- set limit = assessment_timescale_working_days() %}
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

timescales as (
    select
        *,
        {{ working_days_between('old_start', 'old_authorised') }} <= {{ limit }} as met_before,
        {{ working_days_between('new_start', 'new_authorised') }} <= {{ limit }} as met_now,
        list_filter(
            ['start_date', 'authorised_date'], lambda c: old_facts[c] is distinct from new_facts[c]
        ) as changed_columns
    from assessment_timing
    where old_authorised is not null and new_authorised is not null
),

findings as (
    select
        {{ record_columns }},
        case when met_now then 'timescale now met' else 'timescale no longer met' end as finding,
        'assessment_within_45wd' as metric_id,
        array_to_string(changed_columns, ', ') as changed_column,
        array_to_string(list_transform(changed_columns, lambda c: old_facts[c]), ', ') as old_value,
        array_to_string(list_transform(changed_columns, lambda c: new_facts[c]), ', ') as new_value,
        date_trunc('month', old_authorised) as period_start,
        date_trunc('month', new_authorised) as new_period_start,
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
