{#- For the unit tests of the assembled history (models/staging/staging.yml): rows of a base
    model of referrals or CIN episodes, from hand-worked values. Each value row is
    (la_code, snapshot (a name, for the reader), kind, extract_date, snapshot_order, person_id,
    record date, is_nfa or close date, team, source_row); ids, provenance and the history
    columns follow from them as the base models make them (an SSD record's id is 'R' and the
    child's id). -#}
{% macro history_test_rows(family, rows) -%}
    {%- set record_date = 'referral_date' if family == 'referrals' else 'start_date' -%}
    {%- set fact = 'is_nfa' if family == 'referrals' else 'close_date' -%}
    select
        la_code,
        case kind when 'ssd' then 'R' || person_id else {{ record_id_from_key('person_id', record_date) }} end
            as {{ 'referral_id' if family == 'referrals' else 'episode_id' }},
        person_id,
        {{ record_date }},
        {%- if family == 'referrals' %}
        cast(null as varchar) as source_code,
        cast(null as varchar[]) as outcome_codes,
        coalesce(is_nfa, false) as is_nfa,
        {%- else %}
        cast(null as varchar) as primary_need_code,
        cast(null as varchar) as close_reason,
        cast(close_date as date) as close_date,
        {%- endif %}
        team,
        cast(null as varchar) as worker_id,
        kind as source_kind,
        extract_date as source_extract_date,
        la_code || '/' || strftime(extract_date, '%Y-%m-%d') || '/'
            || case kind when 'ssd' then 'ssd_cin_episodes.csv' else 'annex_a.xlsx' end as source_file,
        case when kind = 'annex_a' then '{{ "List 3" if family == "referrals" else "List 6" }}' end
            as source_location,
        source_row,
        snapshot_order,
        person_id as history_subject,
        {{ record_date }} as history_date,
        {{ record_date }} as history_window_date,
        {{ 'cast(null as date)' if family == 'referrals' else 'cast(close_date as date)' }} as history_end_date,
        true as history_in_family
    from (values
        {%- for row in rows %}
        {{ row }}{{ "," if not loop.last }}
        {%- else %}
        ('000', '', 'ssd', date '2000-01-01', 0, '', date '2000-01-01', null, '', 0)
        {%- endfor %}
    ) as given(la_code, snapshot, kind, extract_date, snapshot_order, person_id, {{ record_date }}, {{ fact }}, team, source_row)
    {%- if not rows %}
    where false
    {%- endif %}
{%- endmacro %}

{#- For the unit tests of the Annex A families: hand-made rows of an Annex A list, shaped as
    macro snapshot_rows gives them (the raw list's columns, snapshot_kind, snapshot_order), for
    the macros of macros/annex_a_records.sql. Each row is (la_code, snapshot_date,
    snapshot_order, source_sheet, source_row, then `columns`) as SQL literals; source_file is
    the workbook's path. The child columns a test leaves out are NULL. -#}
{% macro annex_a_test_rows(columns, rows) -%}
    {%- set child_columns = {
        'child_id': 'varchar', 'sex': 'varchar', 'ethnicity': 'varchar', 'date_of_birth': 'date',
        'disability': 'varchar', 'team': 'varchar', 'worker': 'varchar', 'worker_id': 'varchar',
    } -%}
    (
        select
            given.la_code,
            given.snapshot_date,
            given.la_code || '/' || strftime(given.snapshot_date, '%Y-%m-%d') || '/annex_a.xlsx' as source_file,
            given.source_sheet,
            given.source_row,
            'annex_a' as snapshot_kind,
            given.snapshot_order,
            {%- for column, sql_type in child_columns.items() if column not in columns %}
            cast(null as {{ sql_type }}) as {{ column }},
            {%- endfor %}
            given.* exclude (la_code, snapshot_date, snapshot_order, source_sheet, source_row)
        from (values
            {{ rows | join(',\n            ') }}
        ) as given(la_code, snapshot_date, snapshot_order, source_sheet, source_row, {{ columns | join(', ') }})
    )
{%- endmacro %}

{#- An empty base model, for a kind of delivery a unit test gives no rows of (its columns come
    from the other kinds' rows: the history unions them by name). -#}
{% macro no_history_rows() -%}
    select cast(null as varchar) as la_code, cast(null as bigint) as snapshot_order where false
{%- endmacro %}
