-- One row per authority, improvement area, metric and complete month: the month's value and
-- the status the tracker's rule gives it (docs/metrics.md, "The improvement tracker"). Today's
-- targets are applied to every month. improvement_tracker is the latest month of this, with
-- the year's figures beside it. The value is the slice the tracker judges (tracked_values). A
-- month whose value is flagged as resting on too short a history (history_complete false),
-- or that would be judged on a 3- or 12-month window reaching before the history, is never
-- judged: its status is 'history too short'. A month in which the metric is not available from
-- the authority's deliveries (metric_period_availability) is never judged either: its status is
-- 'not available' and its reason says why ("Not available from Annex A workbooks: ...").
{%- set min_cohort = var('tracker_min_cohort') %}
with months as (
    select
        la_code,
        metric_id,
        period_start as month_start,
        period_end as month_end,
        denominator,
        value,
        history_complete,
        history_note,
        available,
        unavailable_reason
    from {{ ref('tracked_values') }}
    where period_grain = 'month'
        and period_complete
),

windows as (
    select * from {{ ref('metric_trailing_windows') }}
),

candidates as (
    select
        months.*,
        reference.* exclude (la_code, metric_id),
        three.cohort_size as cohort_3_months,
        three.value as value_3_months,
        three.history_complete as history_complete_3_months,
        twelve.cohort_size as cohort_12_months,
        twelve.value as value_12_months,
        twelve.history_complete as history_complete_12_months
    from months
    inner join {{ ref('metric_references') }} as reference
        on reference.la_code = months.la_code
        and reference.metric_id = months.metric_id
    left join windows as three
        on three.la_code = months.la_code
        and three.metric_id = months.metric_id
        and three.month_start = months.month_start
        and three.window_months = 3
    left join windows as twelve
        on twelve.la_code = months.la_code
        and twelve.metric_id = months.metric_id
        and twelve.month_start = months.month_start
        and twelve.window_months = 12
),

-- The month itself when its cohort is big enough (a count has no cohort: always the month);
-- else, for event metrics, the 3 and then the 12 months to it. As-at cohorts are not pooled:
-- the same children would be counted again at each month end.
windowed as (
    select
        *,
        case
            when kind = 'count' or denominator >= {{ min_cohort }} then 1
            when timing = 'event' and cohort_3_months >= {{ min_cohort }} then 3
            when timing = 'event' and cohort_12_months >= {{ min_cohort }} then 12
        end as judged_window_months
    from candidates
),

measured as (
    select
        *,
        case judged_window_months
            when 1 then value when 3 then value_3_months when 12 then value_12_months
        end as judged_value,
        case judged_window_months
            when 1 then denominator when 3 then cohort_3_months when 12 then cohort_12_months
        end as judged_denominator,
        case judged_window_months
            when 1 then history_complete
            when 3 then history_complete_3_months
            when 12 then history_complete_12_months
        end as judged_history_complete,
        case
            when unit = 'percent' then {{ var('tracker_amber_points') }}
            else {{ var('tracker_amber_share') }} * abs(reference_value)
        end as amber_band
    from windowed
),

-- margin: how far the judged value is on the better side of the reference (negative: worse);
-- for a metric judged against a band, 0 inside it (edges included) and minus the distance to
-- the nearer edge outside it. Rounded so that a value exactly on an edge is not pushed over it
-- by float error.
judged as (
    select
        *,
        round(
            case judgement
                when 'higher_is_better' then judged_value - reference_value
                when 'lower_is_better' then reference_value - judged_value
                when 'within_band' then -greatest(band_low - judged_value, judged_value - band_high, 0)
            end,
            9
        ) as margin
    from measured
),

rated as (
    select
        *,
        case
            when not available then 'not available'
            when not is_rated then null
            when not history_complete or not coalesce(judged_history_complete, true) then 'history too short'
            when judged_value is null then 'not enough data'
            when margin >= 0 then 'green'
            when margin >= -amber_band then 'amber'
            else 'red'
        end as status
    from judged
)

select
    la_code,
    improvement_area,
    area_title,
    metric_id,
    metric_title,
    higher_is_better,
    month_start,
    value as month_value,
    denominator as month_denominator,
    -- A value never judged has no judged window, value or cohort.
    case when status not in ('history too short', 'not available') or status is null then judged_window_months end as judged_window_months,
    case when status not in ('history too short', 'not available') or status is null then judged_value end as judged_value,
    case when status not in ('history too short', 'not available') or status is null then judged_denominator end as judged_denominator,
    target,
    target_basis,
    england_value,
    reference_value,
    status,
    -- A metric judged on a slice says so first: "Judged on audits of plans. ..."
    case
        when judged_slice_label is not null and is_rated and status not in ('history too short', 'not available')
            then 'Judged on ' || judged_slice_label || '. '
        else ''
    end
    || case
        when status = 'not available' then unavailable_reason
        when judgement = 'none' then 'A volume of work: not rated.'
        when reference_value is null then
            'No target or England figure to judge against, so not rated.'
        when status = 'history too short' and not history_complete then
            'Not judged: the history is too short. ' || history_note
        when status = 'history too short' then printf(
            'Not judged: the history is too short. Only %d in %s, and the %d months to it reach back before the history the figures are built on.',
            coalesce(denominator, 0), strftime(month_start, '%B %Y'), judged_window_months
        )
        when judged_value is null and timing = 'as_at' then printf(
            '%d in the cohort on %s, fewer than the %d needed to judge.',
            denominator, strftime(month_end, '%-d %B %Y'), {{ min_cohort }}
        )
        when judged_value is null then printf(
            '%d in %s, %d in the 3 months and %d in the 12 months to it, fewer than the %d needed to judge.',
            coalesce(denominator, 0), strftime(month_start, '%B %Y'),
            coalesce(cohort_3_months, 0), coalesce(cohort_12_months, 0), {{ min_cohort }}
        )
        else
            case
                when judged_window_months > 1
                    then printf('Only %d in %s, so judged on ', denominator, strftime(month_start, '%B %Y'))
                else ''
            end
            || {{ tracker_window_text('month_start', 'judged_window_months') }}
            || case when kind = 'count' then '' else printf(' (%d in the cohort)', judged_denominator) end
            || ': ' || {{ tracker_value_text('judged_value', 'unit') }} || ', '
            || case
                when judgement = 'within_band' then
                    case
                        when status = 'green' then 'within'
                        else {{ tracker_gap_text('abs(margin)', 'unit') }}
                            || case when judged_value < band_low then ' below' else ' above' end
                    end
                    || ' the band of ' || {{ tracker_value_text('band_low', 'unit') }}
                    || ' to ' || {{ tracker_value_text('band_high', 'unit') }}
                    || ' around the ' || reference_label
                when status = 'green' then 'meeting the ' || reference_label
                else {{ tracker_gap_text('abs(margin)', 'unit') }}
                    || case when higher_is_better then ' below' else ' above' end
                    || ' the ' || reference_label
            end
            || ' of ' || {{ tracker_value_text('reference_value', 'unit') }}
            || case
                when status = 'green' then ''
                when status = 'amber' then ', within the amber margin of ' || {{ tracker_gap_text('amber_band', 'unit') }}
                else ', beyond the amber margin of ' || {{ tracker_gap_text('amber_band', 'unit') }}
            end
            || '.'
    end as status_reason,
    judgement,
    band_low,
    band_high,
    judged_dimension,
    judged_dimension_value,
    history_complete,
    history_note
from rated
