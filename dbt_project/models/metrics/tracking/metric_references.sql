-- What each authority's tracker judges a metric against, one row per authority and metric of
-- the eleven improvement areas. target: the authority's own override, else an override for
-- every authority (empty la_code), else the default of seed metric_targets. reference: the
-- target, else the England figure. A metric judged against a band (judgement within_band)
-- takes band_low and band_high from the same row as its target. is_rated: the metric has a
-- judgement and a reference (and a band when judged against one); without them it gets no
-- red/amber/green status. judged_dimension and judged_dimension_value: the slice the tracker
-- judges (NULL: the whole authority).
with authorities as (
    select la_code
    from {{ ref('stg_current_snapshots') }}
),

catalogue as (
    select *
    from {{ ref('metric_definitions') }}
    where improvement_area between 1 and 11
),

candidate_targets as (
    select
        authorities.la_code,
        overrides.metric_id,
        overrides.target,
        overrides.band_low,
        overrides.band_high,
        'local choice' as target_basis,
        coalesce(overrides.note, 'The authority''s own target.') as target_note,
        case when overrides.la_code is null then 2 else 1 end as precedence
    from {{ ref('target_overrides') }} as overrides
    inner join authorities
        on overrides.la_code is null
        or overrides.la_code = authorities.la_code
    union all
    select
        authorities.la_code,
        defaults.metric_id,
        defaults.target,
        defaults.band_low,
        defaults.band_high,
        defaults.basis,
        defaults.note,
        3 as precedence
    from {{ ref('metric_targets') }} as defaults
    cross join authorities
),

targets as (
    select
        la_code,
        metric_id,
        arg_min(
            struct_pack(
                target := target, band_low := band_low, band_high := band_high,
                target_basis := target_basis, target_note := target_note
            ),
            precedence
        ) as chosen
    from candidate_targets
    group by la_code, metric_id
),

references_by_metric as (
    select
        authorities.la_code,
        catalogue.metric_id,
        catalogue.title as metric_title,
        catalogue.improvement_area,
        areas.area_title,
        catalogue.kind,
        catalogue.unit,
        catalogue.timing,
        catalogue.higher_is_better,
        catalogue.judgement,
        catalogue.judged_dimension,
        catalogue.judged_dimension_value,
        catalogue.judged_slice_label,
        targets.chosen.target as target,
        targets.chosen.band_low as band_low,
        targets.chosen.band_high as band_high,
        targets.chosen.target_basis as target_basis,
        targets.chosen.target_note as target_note,
        catalogue.england_value,
        catalogue.england_year
    from authorities
    cross join catalogue
    inner join {{ ref('improvement_areas') }} as areas
        on areas.improvement_area = catalogue.improvement_area
    left join targets
        on targets.la_code = authorities.la_code
        and targets.metric_id = catalogue.metric_id
)

select
    *,
    coalesce(target, england_value) as reference_value,
    case
        when target is not null then 'target (' || target_basis || ')'
        when england_value is not null then 'England figure for ' || england_year
    end as reference_label,
    coalesce(judgement <> 'none', false)
        and coalesce(target, england_value) is not null
        and (judgement <> 'within_band' or (band_low is not null and band_high is not null)) as is_rated
from references_by_metric
