{#- Annex A workbooks' lists as records of the assembled history's families: the bodies of the
    base models base_annex_a_<family> (models/staging/base/), as macros over the list's rows
    (`list_rows`: a relation of the raw list's columns with snapshot_kind and snapshot_order,
    as macro snapshot_rows gives them), so that the unit tests of the stg models run the same
    logic on hand-made rows of a list (macro annex_a_test_rows). Each model's comment says what
    it reads and how. -#}

{#- annex_a_list_4's rows as assessments (base_annex_a_assessments). -#}
{% macro annex_a_assessments(list_rows) -%}
    select
        list.la_code,
        {{ record_id_from_key('list.child_id', 'list.assessment_start_date') }} as assessment_id,
        list.child_id as person_id,
        cast(null as varchar) as referral_id,
        list.assessment_start_date as start_date,
        coalesce(list.child_seen, false) as child_seen,
        list.assessment_authorised_date as authorised_date,
        cast(null as varchar[]) as outcome_codes,
        coalesce(not list.needs_social_care_support, false) as outcome_nfa,
        list.team,
        list.worker_id,
        {{ history_columns('annex_a_list_4', 'assessments', 'list') }}
    from {{ list_rows }} as list
{%- endmacro %}

{#- annex_a_list_5's rows as s47 enquiries (base_annex_a_s47_enquiries). -#}
{% macro annex_a_s47_enquiries(list_rows) -%}
    select
        list.la_code,
        {{ record_id_from_key('list.child_id', 'list.s47_start_date') }} as s47_enquiry_id,
        cast(null as varchar) as referral_id,
        list.child_id as person_id,
        list.s47_start_date as start_date,
        cast(null as date) as end_date,
        false as is_nfa,
        coalesce(list.icpc_deemed_unnecessary, false) as icpc_deemed_unnecessary,
        cast(null as varchar[]) as outcome_codes,
        list.team,
        list.worker_id,
        {{ history_columns('annex_a_list_5', 's47_enquiries', 'list') }}
    from {{ list_rows }} as list
{%- endmacro %}

{#- annex_a_list_5's rows as icpcs (base_annex_a_icpcs). -#}
{% macro annex_a_icpcs(list_rows) -%}
    select
        list.la_code,
        {{ conference_id_from_enquiry('list', 'child_id', 'icpc_date', 's47_start_date') }} as icpc_id,
        cast(null as varchar) as meeting_id,
        {{ record_id_from_key('list.child_id', 'list.s47_start_date') }} as s47_enquiry_id,
        list.child_id as person_id,
        cast(null as varchar) as cp_plan_id,
        cast(null as varchar) as referral_id,
        false as is_transfer_in,
        cast(null as date) as target_date,
        list.icpc_date,
        coalesce(list.icpc_led_to_cp_plan, false) as led_to_cp_plan,
        cast(null as varchar[]) as outcome_codes,
        list.team,
        list.worker_id,
        {{ history_columns('annex_a_list_5', 'icpcs', 'list') }}
    from {{ list_rows }} as list
{%- endmacro %}

{#- annex_a_list_7's rows as cp plans (base_annex_a_cp_plans). -#}
{% macro annex_a_cp_plans(list_rows) -%}
    select
        list.la_code,
        {{ record_id_from_key('list.child_id', 'list.cp_plan_start_date') }} as cp_plan_id,
        cast(null as varchar) as referral_id,
        cast(null as varchar) as icpc_id,
        list.child_id as person_id,
        list.cp_plan_start_date as start_date,
        list.cp_plan_end_date as end_date,
        false as is_other_authority,
        list.initial_category,
        list.latest_category,
        {{ history_columns('annex_a_list_7', 'cp_plans', 'list') }}
    from {{ list_rows }} as list
{%- endmacro %}

{#- Every child list's rows as children (base_annex_a_children): `lists` maps each child list's
    raw table to its rows (a list left out feeds nothing). -#}
{% macro annex_a_children(lists) -%}
    with list_rows as (
        {%- for table in tables_feeding('annex_a', 'children') if table.name in lists %}
        select
            list.la_code,
            list.child_id as person_id,
            list.sex,
            list.ethnicity as ethnicity_code,
            list.date_of_birth is not null as gives_birth_date,
            struct_pack(
                own_date := {{ 'cast(list.' ~ table.own_date ~ ' as date)' if table.own_date else 'cast(null as date)' }},
                list_number := {{ table.name.split('_')[-1] | int }},
                source_row := list.source_row
            ) as recency,
            {{ history_columns(table.name, 'children', 'list') }}
        from {{ lists[table.name] }} as list
        {%- if not loop.last %}
        union all
        {%- endif %}
        {%- endfor %}
    ),

    -- Each workbook listing the child, with every row of that workbook and of the earlier ones
    -- that names it: a workbook silent on an answer keeps what an earlier one gave.
    known as (
        select
            listing.snapshot_order as record_order,
            given.*,
            struct_pack(given_in := given.snapshot_order, recency := given.recency) as newest
        from (select distinct la_code, snapshot_order, person_id from list_rows) as listing
        inner join list_rows as given
            on given.la_code = listing.la_code
            and given.person_id = listing.person_id
            and given.snapshot_order <= listing.snapshot_order
    ),

    answers as (
        select
            la_code,
            record_order,
            person_id,
            coalesce(
                arg_max(sex, newest) filter (where sex is not null and sex <> 'U'),
                arg_max(sex, newest) filter (where sex is not null)
            ) as sex,
            coalesce(
                arg_max(ethnicity_code, newest) filter (where ethnicity_code is not null and ethnicity_code not in ('NOBT', 'REFU')),
                arg_max(ethnicity_code, newest) filter (where ethnicity_code is not null)
            ) as ethnicity_code
        from known
        group by la_code, record_order, person_id
    ),

    provenance_rows as (
        select *
        from known
        qualify row_number() over (
            partition by la_code, record_order, person_id
            order by gives_birth_date desc, newest desc
        ) = 1
    )

    select
        provenance_rows.la_code,
        provenance_rows.person_id,
        answers.sex,
        cast(null as varchar) as gender,
        answers.ethnicity_code,
        cast(null as boolean) as has_send,
        cast(null as date) as death_date,
        provenance_rows.* exclude (
            la_code, person_id, sex, ethnicity_code, gives_birth_date, recency, newest,
            record_order, snapshot_order
        ),
        -- The record is the listing workbook's, whichever workbook its provenance names.
        provenance_rows.record_order as snapshot_order
    from provenance_rows
    inner join answers
        on answers.la_code = provenance_rows.la_code
        and answers.record_order = provenance_rows.record_order
        and answers.person_id = provenance_rows.person_id
{%- endmacro %}

{#- Every child list's disability answers as disability records (base_annex_a_disabilities):
    `lists` as for annex_a_children. -#}
{% macro annex_a_disabilities(lists) -%}
    {%- for table in tables_feeding('annex_a', 'disabilities') if table.name in lists %}
    select
        list.la_code,
        list.child_id || '@List {{ table.name.split('_')[-1] | int }} row ' || list.source_row as disability_record_id,
        list.child_id as person_id,
        list.disability as disability_code,
        {{ history_columns(table.name, 'disabilities', 'list') }}
    from {{ lists[table.name] }} as list
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
