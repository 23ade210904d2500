-- The metric catalogue as published: metric_definitions (the metrics layer), in catalogue
-- order. The catalogue is the same for every authority; target is the default (an
-- authority's override shows in its improvement_tracker).
select
    metric_id,
    title,
    improvement_area,
    kind,
    unit,
    higher_is_better,
    target,
    england_value,
    england_source,
    england_year,
    definition,
    timing,
    slices,
    kinds,
    source_tables,
    source_columns,
    target_basis,
    target_note,
    judgement,
    look_back_months,
    warm_up_months,
    band_low,
    band_high,
    judged_dimension,
    judged_dimension_value,
    judged_slice_label,
    cases_table,
    cases_placed_by
from {{ ref('metric_definitions') }}
order by catalogue_order
