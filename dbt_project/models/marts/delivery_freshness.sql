-- One row per loaded snapshot: its newest activity (the latest referral, assessment, visit or
-- case note it holds) and whether it is stale: that activity is more than
-- stale_after_working_days working days before the day the snapshot describes (or it holds
-- none), as an old export delivered under a new date would be. The day described is the extract
-- date, but for a CIN census return its reference date (31 March): a return is sent weeks after
-- the year it covers, and judged by its delivery date every return would look stale. A stale snapshot is loaded and used like any
-- other; this table says so, the app warns leaders, and the data test on is_current rows warns
-- (a Dagster asset check of severity WARN). The setting: environment variable
-- CSC_STALE_AFTER_WORKING_DAYS, else var stale_after_working_days (dbt_project.yml).
{%- set setting = env_var('CSC_STALE_AFTER_WORKING_DAYS', '') | trim %}
{%- set stale_after = setting if setting else var('stale_after_working_days') | string %}
{%- if not stale_after.isdigit() %}
    {{ exceptions.raise_compiler_error(
        "CSC_STALE_AFTER_WORKING_DAYS (or var stale_after_working_days) must be a whole number of "
        ~ "working days, such as 10; it is '" ~ stale_after ~ "'") }}
{%- endif %}
with loads as (
    {{ counted_snapshot_loads() }}
),

newest as (
    select
        la_code,
        snapshot_date,
        max(newest_date) as newest_activity_date,
        -- Two kinds dated the same day: the first by name, so that every build says the same.
        first(activity order by newest_date desc, activity) as newest_activity
    from {{ ref('stg_snapshot_activity') }}
    group by la_code, snapshot_date
),

measured as (
    select
        loads.la_code,
        loads.snapshot_date as extract_date,
        loads.load_id,
        coalesce(snapshots.reference_date, loads.snapshot_date) as described_date,
        newest.newest_activity_date,
        newest.newest_activity,
        {{ working_days_between('newest.newest_activity_date', 'coalesce(snapshots.reference_date, loads.snapshot_date)') }}
            as working_days_before_extract,
        cast({{ stale_after }} as integer) as stale_after_working_days,
        current_snapshot.load_id is not null as is_current
    from loads
    left join newest
        on newest.la_code = loads.la_code
        and newest.snapshot_date = loads.snapshot_date
    left join {{ ref('stg_snapshots') }} as snapshots
        on snapshots.la_code = loads.la_code
        and snapshots.extract_date = loads.snapshot_date
    left join {{ ref('stg_current_snapshots') }} as current_snapshot
        on current_snapshot.la_code = loads.la_code
        and current_snapshot.load_id = loads.load_id
)

select
    la_code,
    extract_date,
    load_id,
    described_date,
    newest_activity_date,
    newest_activity,
    working_days_before_extract,
    stale_after_working_days,
    coalesce(working_days_before_extract > stale_after_working_days, true) as is_stale,
    is_current,
    case
        when newest_activity_date is null then
            'It holds no dated referral, assessment, visit or case note.'
        when working_days_before_extract > stale_after_working_days then printf(
            'Its newest activity, %s %s dated %s, is %d working days before its %s of %s (more than %d): it may be an old export delivered under a new date.',
            case when newest_activity = 'assessment' then 'an' else 'a' end, newest_activity,
            strftime(newest_activity_date, '%-d %B %Y'), working_days_before_extract,
            case when described_date = extract_date then 'extract date' else 'reference date' end,
            strftime(described_date, '%-d %B %Y'), stale_after_working_days
        )
    end as stale_note
from measured
order by la_code, extract_date
