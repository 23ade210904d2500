-- Every reporting period of each authority: months, financial-year quarters and financial
-- years, from the period holding the month of its earliest referral to the one holding its
-- extract date. As-at metrics look at as_at_date: the period's last day, or the extract date
-- for a period that has not ended.
with bounds as (
    select
        current_snapshot.la_code,
        current_snapshot.extract_date,
        min(referral.referral_date) as first_referral_date
    from {{ ref('stg_current_snapshots') }} as current_snapshot
    inner join {{ ref('stg_referrals') }} as referral
        on referral.la_code = current_snapshot.la_code
    -- The earliest referral record: not an Annex A List 6 episode that began before its
    -- workbook's List 3 window (stg_referrals.episode_only), which may be years older.
    where referral.episode_only is not true
    group by current_snapshot.la_code, current_snapshot.extract_date
),

period_starts as (
    {% for grain, months in period_grains().items() %}
    select
        la_code,
        extract_date,
        '{{ grain }}' as period_grain,
        {{ months }} as months_long,
        cast(unnest(generate_series(
            {{ period_start(grain, 'first_referral_date') }},
            {{ period_start(grain, 'extract_date') }},
            interval ({{ months }}) month
        )) as date) as period_start
    from bounds
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

periods as (
    select
        la_code,
        extract_date,
        period_grain,
        period_start,
        cast(period_start + to_months(months_long) - interval 1 day as date) as period_end
    from period_starts
)

select
    la_code,
    period_grain,
    period_start,
    period_end,
    period_end <= extract_date as period_complete,
    least(period_end, extract_date) as as_at_date
from periods
