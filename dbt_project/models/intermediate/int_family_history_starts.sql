-- Where each authority's history starts, per record family: the first day its assembled
-- history holds (docs/architecture.md, "Where the history starts"). It is the earliest start
-- among the snapshots that can still contribute to the family (the newest one covering all
-- time and those after it; older ones were replaced whole). A snapshot with a window starts the
-- day after its window_start (an Annex A workbook: its extract date minus the authority's
-- months, plus a day; a CIN census return: 1 April of its collection year). An SSD extract does
-- not say how far back it reaches: it starts at the authority's declared ssd_coverage_start
-- (authority_settings), else at the earliest referral the authority's history holds.
{%- set kinds = delivery_kinds() %}
with covering as (
    select
        windows.*,
        kind_families.family
    from {{ ref('stg_snapshot_windows') }} as windows
    inner join {{ families_of_kinds() }}
        on kind_families.kind = windows.kind
),

newest_all_time as (
    select la_code, family, max(snapshot_order) as snapshot_order
    from covering
    where covers_all_time
    group by la_code, family
),

first_referrals as (
    select la_code, min(referral_date) as first_referral_date
    from {{ ref('stg_referrals') }}
    where episode_only is not true
    group by la_code
),

starts as (
    select
        covering.la_code,
        covering.family,
        covering.kind,
        covering.extract_date,
        covering.snapshot_order,
        case
            when not covering.covers_all_time
                then cast(covering.window_start + interval 1 day as date)
            else coalesce(settings.ssd_coverage_start, first_referrals.first_referral_date)
        end as starts_on,
        case
            when not covering.covers_all_time then 'the first day covered by the '
                || case covering.kind
                    {%- for kind, described in kinds.items() %}
                    when '{{ kind }}' then '{{ described.title }}'
                    {%- endfor %}
                end
                || ' of ' || strftime(covering.extract_date, '%Y-%m-%d')
            when settings.ssd_coverage_start is not null
                then 'the coverage start the authority declares for its SSD extracts'
            when first_referrals.first_referral_date is not null
                then 'the earliest referral the history holds (an SSD extract does not say how far back it reaches)'
            else 'unknown: no referral in the history, and no coverage start declared'
        end as basis
    from covering
    left join newest_all_time
        on newest_all_time.la_code = covering.la_code
        and newest_all_time.family = covering.family
    left join first_referrals
        on first_referrals.la_code = covering.la_code
    left join {{ ref('authority_settings') }} as settings
        on settings.la_code = covering.la_code
    where covering.snapshot_order >= coalesce(newest_all_time.snapshot_order, 0)
)

select
    la_code,
    family,
    min(starts_on) as history_start,
    arg_min(basis, struct_pack(no_start := starts_on is null, starts_on, snapshot_order)) as basis,
    arg_min(kind, struct_pack(no_start := starts_on is null, starts_on, snapshot_order)) as starting_kind,
    arg_min(extract_date, struct_pack(no_start := starts_on is null, starts_on, snapshot_order))
        as starting_extract_date
from starts
group by la_code, family
