{#- What changed in a record family from one snapshot of an authority to the next (model
    int_record_changes; docs/architecture.md, "Changes after the fact").

    The families compared, each with the kinds of delivery feeding it (its base models are
    base_<kind>_<family>, as its stg model reads them), the column holding the record's own id and the columns compared: dates,
    codes, flags and team only (and a conference's enquiry id, which ties it to the enquiry's
    start), never a name or free text (so nothing here could name a child
    or repeat a case note). Records are matched by their own id: a delivered id in an SSD
    extract, the id made from the natural key (child and date) in a delivery without ids. -#}
{% macro compared_families() -%}
    {{ return({
        'referrals': {'kinds': ['ssd', 'annex_a', 'cin_census'],
            'id': 'referral_id', 'columns': ['referral_date', 'source_code', 'is_nfa', 'team']},
        'cin_episodes': {'kinds': ['ssd', 'annex_a', 'cin_census'],
            'id': 'episode_id', 'columns': ['start_date', 'primary_need_code', 'close_reason', 'close_date', 'team']},
        'assessments': {'kinds': ['ssd', 'annex_a', 'cin_census'],
            'id': 'assessment_id', 'columns': ['start_date', 'child_seen', 'authorised_date', 'outcome_nfa', 'team']},
        'assessment_factors': {'kinds': ['ssd', 'cin_census'],
            'id': 'factors_record_id', 'columns': ['assessment_id', 'factor_codes']},
        's47_enquiries': {'kinds': ['ssd', 'annex_a', 'cin_census'],
            'id': 's47_enquiry_id', 'columns': ['start_date', 'end_date', 'is_nfa', 'icpc_deemed_unnecessary', 'team']},
        'icpcs': {'kinds': ['ssd', 'annex_a', 'cin_census'],
            'id': 'icpc_id', 'columns': ['icpc_date', 's47_enquiry_id', 'target_date', 'is_transfer_in', 'led_to_cp_plan', 'team']},
        'cin_plans': {'kinds': ['ssd', 'cin_census'],
            'id': 'cin_plan_id', 'columns': ['start_date', 'end_date', 'team']},
        'cin_visits': {'kinds': ['ssd'],
            'id': 'visit_id', 'columns': ['visit_date', 'child_seen', 'child_seen_alone']},
        'cp_plans': {'kinds': ['ssd', 'annex_a', 'cin_census'],
            'id': 'cp_plan_id', 'columns': ['start_date', 'end_date', 'initial_category', 'latest_category']},
        'cp_visits': {'kinds': ['ssd'],
            'id': 'cp_visit_id', 'columns': ['visit_date', 'child_seen', 'child_seen_alone']},
        'cp_reviews': {'kinds': ['ssd', 'cin_census'],
            'id': 'cp_review_id', 'columns': ['due_date', 'review_date', 'plan_continues']},
        'contacts': {'kinds': ['ssd'],
            'id': 'contact_id', 'columns': ['contact_date', 'source_code']},
        'disabilities': {'kinds': ['ssd', 'annex_a', 'cin_census'],
            'id': 'disability_record_id', 'columns': ['disability_code']},
        'children': {'kinds': ['ssd', 'annex_a', 'cin_census'],
            'id': 'person_id', 'columns': ['sex', 'ethnicity_code', 'death_date']},
        'strategy_discussions': {'kinds': ['ssd'],
            'id': 'strategy_discussion_id', 'columns': ['discussion_date', 'outcome']},
        'case_notes': {'kinds': ['ssd'],
            'id': 'case_note_id', 'columns': ['note_date', 'note_type']},
        'prevent_referrals': {'kinds': ['ssd'],
            'id': 'prevent_referral_id', 'columns': ['referral_date', 'mash_referral_date', 'recorded_on_file', 'outcome']},
        'homeless_presentations': {'kinds': ['ssd'],
            'id': 'presentation_id', 'columns': ['presentation_date', 'outcome', 'outcome_date']},
        'case_audits': {'kinds': ['ssd'],
            'id': 'audit_id', 'columns': ['audit_date', 'audit_area', 'grade']},
        'direct_payments': {'kinds': ['ssd'],
            'id': 'direct_payment_id', 'columns': ['start_date', 'end_date', 'last_review_date', 'review_interval_months']},
    }) }}
{%- endmacro %}

{#- One family's records as each snapshot in a compared pair gave it (its base models;
    `paired_snapshots`: la_code, family, extract_date of the snapshots in a pair), one row
    each: the record's id, child (the subject of its natural key), own date, the date a window
    covers it by, the snapshot (its extract date, which with la_code names it), where in the
    delivery it was, and the compared columns as text (`facts`, column -> value; a list of
    codes sorted, so that the order codes come in is no change). -#}
{% macro record_versions(family, kinds, id_column, columns) -%}
    {%- for kind in kinds %}
    select
        la_code,
        '{{ family }}' as family,
        cast({{ id_column }} as varchar) as record_id,
        history_subject as person_id,
        history_date as record_date,
        {{ history_window_date(family_timing(family)) }} as window_date,
        source_kind,
        source_extract_date,
        source_file,
        source_location,
        source_row,
        map(
            [{% for column in columns %}'{{ column }}'{{ ", " if not loop.last }}{% endfor %}],
            [{% for column in columns %}{{ fact_text(column) }}{{ ", " if not loop.last }}{% endfor %}]
        ) as facts
    from {{ ref('base_' ~ kind ~ '_' ~ family) }} as version
    where history_in_family
        and exists (
            select 1
            from paired_snapshots
            where paired_snapshots.la_code = version.la_code
                and paired_snapshots.family = '{{ family }}'
                and paired_snapshots.extract_date = version.source_extract_date
        )
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- A compared column as text: dates as YYYY-MM-DD, flags true/false, lists of codes sorted. -#}
{% macro fact_text(column) -%}
    {%- if column.endswith('_codes') -%}
    array_to_string(list_sort({{ column }}), ',')
    {%- else -%}
    cast({{ column }} as varchar)
    {%- endif -%}
{%- endmacro %}

{#- The pairs of snapshots compared: per authority and family, each snapshot of a kind feeding
    the family with the one before it (by snapshot order), named by their extract dates, with
    what else of the pair the comparison reads (its inputs, besides the two snapshots' records,
    which a snapshot's load fixes): the newer one's window and the columns it stopped sending
    (stg_snapshots.dropped_columns, which an earlier snapshot arriving late can change). An
    authority with one such snapshot has no pair, so nothing of it is compared (nor read:
    int_record_versions keeps the snapshots of a pair only). snapshot_order is renumbered when
    a snapshot arrives late: from_order and to_order only join the tables of this same build. -#}
{% macro compared_snapshot_pairs() -%}
    {%- set families = compared_families() -%}
    select pairs.*, newer.dropped_columns as to_dropped_columns
    from (
        select
            windows.la_code,
            family_kinds.family,
            lag(windows.snapshot_order) over by_date as from_order,
            lag(windows.extract_date) over by_date as from_extract_date,
            windows.snapshot_order as to_order,
            windows.extract_date as to_extract_date,
            windows.covers_all_time,
            windows.window_start,
            windows.window_end
        from {{ ref('stg_snapshot_windows') }} as windows
        inner join (values
            {%- for family, compared in families.items() %}
            {%- set outer_loop = loop %}
            {%- for kind in compared.kinds %}
            ('{{ family }}', '{{ kind }}'){{ "," if not (outer_loop.last and loop.last) }}
            {%- endfor %}
            {%- endfor %}
        ) as family_kinds(family, kind)
            on family_kinds.kind = windows.kind
        window by_date as (
            partition by windows.la_code, family_kinds.family order by windows.snapshot_order
        )
    ) as pairs
    inner join {{ ref('stg_snapshots') }} as newer
        on newer.la_code = pairs.la_code
        and newer.snapshot_order = pairs.to_order
    where pairs.from_order is not null
{%- endmacro %}

{#- The inputs of a pair (macro compared_snapshot_pairs) besides its snapshots' records: two
    pairs `pair` and `other` with these the same, and the same snapshots, compare alike. -#}
{% macro same_compared_pair(pair, other) -%}
    {{ other }}.la_code = {{ pair }}.la_code
    and {{ other }}.family = {{ pair }}.family
    and {{ other }}.from_extract_date = {{ pair }}.from_extract_date
    and {{ other }}.to_extract_date = {{ pair }}.to_extract_date
    and {{ other }}.covers_all_time is not distinct from {{ pair }}.covers_all_time
    and {{ other }}.window_start is not distinct from {{ pair }}.window_start
    and {{ other }}.window_end is not distinct from {{ pair }}.window_end
    and {{ other }}.to_dropped_columns is not distinct from {{ pair }}.to_dropped_columns
{%- endmacro %}
