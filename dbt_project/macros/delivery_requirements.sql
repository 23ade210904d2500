{#- What a metric or a work list needs of the deliveries, and why it cannot be given when a
    snapshot falls short: the one place these requirements are read (the metric catalogue, the
    work lists) and the reasons worded (metrics.metric_period_availability,
    metrics.availability_of_worklists). -#}

{#- What a metric or a work list needs of the deliveries, from its config.meta: `kinds` (each
    kind of delivery that can give it -> the raw tables it needs from that kind) and
    `source_columns` (columns of those tables a delivery may leave out, <table>.<column>, whose
    absence would change its figures rather than only their slices). Returns {kinds (in the
    formats' order), source_tables, source_columns, history_families (the dated record families
    the tables feed)}; a value it cannot take adds a plain message to `problems`, naming
    `owner`. -#}
{% macro delivery_requirements(owner, kinds_meta, source_columns_meta, problems) %}
    {%- set described = delivery_formats() -%}
    {%- set source_tables = [] -%}
    {%- set history_families = [] -%}
    {%- set kinds = kinds_meta if kinds_meta is mapping else {} -%}
    {%- if kinds_meta is not none and kinds_meta is not mapping -%}
        {%- do problems.append(owner ~ ": config.meta kinds maps each kind of delivery that can give it to the tables it needs, e.g. {ssd: [ssd_cin_assessments]}") -%}
    {%- endif -%}
    {%- for kind, tables in kinds.items() -%}
        {%- if kind not in described.kinds -%}
            {%- do problems.append(owner ~ ": config.meta kinds names " ~ kind ~ ", which is not a kind of delivery (" ~ described.kinds | join(', ') ~ ")") -%}
        {%- elif tables is string or tables is mapping or not tables -%}
            {%- do problems.append(owner ~ ": config.meta kinds " ~ kind ~ " needs a list of the raw tables it reads") -%}
        {%- else -%}
            {%- for table in tables -%}
                {%- if table not in described.tables or described.tables[table].kind != kind -%}
                    {%- do problems.append(owner ~ ": config.meta kinds " ~ kind ~ " names " ~ table ~ ", which is not a raw table of that kind") -%}
                {%- else -%}
                    {%- do source_tables.append(table) -%}
                    {%- for family in described.tables[table].feeds if described.families[family] != 'dateless' and family not in history_families -%}
                        {%- do history_families.append(family) -%}
                    {%- endfor -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set source_columns = [] -%}
    {%- if source_columns_meta is string or source_columns_meta is mapping -%}
        {%- do problems.append(owner ~ ": config.meta source_columns is a list of <table>.<column>, e.g. [ssd_cin_assessments.cina_assessment_auth_date]") -%}
    {%- else -%}
        {%- for qualified in source_columns_meta or [] -%}
            {%- set parts = (qualified ~ '').split('.') -%}
            {%- if parts | length != 2 or parts[0] not in source_tables -%}
                {%- do problems.append(owner ~ ": config.meta source_columns names " ~ qualified ~ ", which is not <table>.<column> of a table in its kinds") -%}
            {%- elif parts[1] not in described.tables[parts[0]].optional_columns -%}
                {%- do problems.append(owner ~ ": config.meta source_columns names " ~ qualified ~ ", which is not a column of " ~ parts[0] ~ " a delivery may leave out") -%}
            {%- else -%}
                {%- do source_columns.append(qualified) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set kind_names = [] -%}
    {%- for kind in described.kinds if kind in kinds -%}
        {%- do kind_names.append(kind) -%}
    {%- endfor -%}
    {{ return({
        'kinds': kind_names,
        'source_tables': source_tables,
        'source_columns': source_columns,
        'history_families': history_families,
    }) }}
{% endmacro %}

{#- What a snapshot lacks of what a metric or work list needs, as three SQL columns over the
    relation `needs` (kinds, source_tables, source_columns) and the stg_snapshots row
    `snapshot`: kind_gives_it, missing_tables (the tables of the snapshot's kind it did not
    deliver) and missing_columns (those it stopped sending); macro unavailable_reason words
    them. -#}
{% macro delivery_shortfalls(needs, snapshot) -%}
        list_contains({{ needs }}.kinds, {{ snapshot }}.kind) as kind_gives_it,
        list_filter(
            {{ needs }}.source_tables,
            lambda needed: {{ delivery_kind_of('needed') }} = {{ snapshot }}.kind
                and not list_contains({{ snapshot }}.table_names, needed)
        ) as missing_tables,
        list_filter(
            {{ needs }}.source_columns,
            lambda needed: list_contains({{ snapshot }}.dropped_columns, needed)
        ) as missing_columns
{%- endmacro %}

{#- Why a metric (what: 'measure') or a work list ('list') cannot be given from a snapshot, in
    plain words, as SQL over the named columns: whether the snapshot's kind can give it, the
    kind, the extract date, the tables it needs that the snapshot has not, and the columns it
    needs that the snapshot left out though an earlier snapshot of its kind delivered them
    (<table>.<column>); NULL when nothing is missing. -#}
{% macro unavailable_reason(what, kind_gives_it, kind, extract_date, missing_tables, missing_columns) -%}
    case
        when not {{ kind_gives_it }} then printf(
            'Not available from %ss: they do not record what this {{ what }} needs.',
            {{ delivery_kind_title(kind) }}
        )
        when len({{ missing_tables }}) > 0 then printf(
            'Not available: the %s of %s has no %s.',
            {{ delivery_kind_title(kind) }},
            strftime({{ extract_date }}, '%-d %B %Y'),
            array_to_string(list_transform({{ missing_tables }}, lambda missing: {{ delivery_table_title('missing') }}), ', ')
        )
        when len({{ missing_columns }}) > 0 then printf(
            'Not available: the %s of %s left out %s, which earlier deliveries had (a column left out is not read as empty).',
            {{ delivery_kind_title(kind) }},
            strftime({{ extract_date }}, '%-d %B %Y'),
            array_to_string(list_transform({{ missing_columns }}, lambda missing:
                split_part(missing, '.', 2) || ' of '
                || {{ delivery_table_title("split_part(missing, '.', 1)") }}), ', ')
        )
    end
{%- endmacro %}

{#- Every work list (a marts model named worklist_*) with what it needs of the deliveries, from
    its config.meta kinds and source_columns (as a metric's): [{worklist, kinds, source_tables,
    source_columns, history_families}], by name. Empty at parse time; a work list without
    kinds, or with a value they cannot take, stops the build with a plain message. -#}
{% macro worklist_requirements() %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set problems = [] -%}
    {%- set lists = [] -%}
    {%- for node in graph.nodes.values() | sort(attribute='name')
        if node.resource_type == 'model' and node.name.startswith('worklist_')
            and node.name != 'worklist_availability' -%}
        {%- set meta = node.config.get('meta', {}) -%}
        {%- if not meta.get('kinds') -%}
            {%- do problems.append(node.name ~ ": config.meta has no kinds (models/marts/marts.yml): the kinds of delivery that can give the list, with the tables it needs") -%}
        {%- endif -%}
        {%- set needs = delivery_requirements(node.name, meta.get('kinds'), meta.get('source_columns'), problems) -%}
        {%- do needs.update({'worklist': node.name}) -%}
        {%- do lists.append(needs) -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error("The work lists' needs are not consistent:\n- " ~ problems | join("\n- ")) }}
    {%- endif -%}
    {{ return(lists) }}
{% endmacro %}

{#- The condition keeping a work list's rows of the authorities that can have it
    (metrics.availability_of_worklists): a list that is not available has no rows, never a list
    made of missing values. -#}
{% macro worklist_is_available(worklist, la_code_column) -%}
    {{ la_code_column }} in (
        select la_code
        from {{ ref('availability_of_worklists') }}
        where worklist = '{{ worklist }}' and available
    )
{%- endmacro %}
