-- What each loaded snapshot covers: the window of dates inside which it replaces the records of
-- the families its kind feeds (macro assembled_history). A window runs from window_start
-- (exclusive) to window_end (inclusive), like the metrics' look-backs; covers_all_time for a
-- full extract. Per kind (the format descriptions, through the meta of the dbt source raw):
-- an SSD extract covers all time; an Annex A workbook the authority's annex_a_window_months
-- (authority_settings; default 6) before its extract date; a CIN census return its collection
-- year, 1 April to 31 March of its reference date.
{%- set kinds = delivery_kinds() %}
select
    snapshot.la_code,
    snapshot.kind,
    snapshot.extract_date,
    snapshot.snapshot_order,
    case snapshot.kind
        {%- for kind, described in kinds.items() %}
        when '{{ kind }}' then {{ 'true' if described.window.all_time else 'false' }}
        {%- endfor %}
    end as covers_all_time,
    case snapshot.kind
        {%- for kind, described in kinds.items() if described.window.months_setting %}
        when '{{ kind }}' then {{ months_before(
            'snapshot.extract_date',
            'coalesce(settings.' ~ described.window.months_setting ~ ', ' ~ described.window.default_months ~ ')'
        ) }}
        {%- endfor %}
        {%- for kind, described in kinds.items() if described.window.collection_year %}
        when '{{ kind }}' then {{ months_before('snapshot.reference_date', 12) }}
        {%- endfor %}
    end as window_start,
    case snapshot.kind
        {%- for kind, described in kinds.items() if described.window.months_setting %}
        when '{{ kind }}' then snapshot.extract_date
        {%- endfor %}
        {%- for kind, described in kinds.items() if described.window.collection_year %}
        when '{{ kind }}' then snapshot.reference_date
        {%- endfor %}
    end as window_end
from {{ ref('stg_snapshots') }} as snapshot
left join {{ ref('authority_settings') }} as settings
    on settings.la_code = snapshot.la_code
