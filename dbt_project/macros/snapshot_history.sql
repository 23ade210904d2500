{#- The history an authority's metrics are built on, assembled from all its loaded snapshots.

    docs/architecture.md ("The assembled history") states the rule; sources.md of the spec is
    its origin. In short, for each authority and record family, snapshots are taken oldest
    first; a snapshot replaces every record of the family already in the history whose window
    date falls inside the snapshot's window (whether or not it holds that record again), and
    every record with the natural key of one it holds, wherever its date; then it adds its own.
    Equivalently, set-based: a record is in the history when no later snapshot covering its
    family has a window holding its window date, and no later snapshot holds a record of the
    family with its natural key.

    What each raw table feeds (family, natural key, window date) comes from the format
    descriptions through the meta of the dbt source `raw` (models/raw_sources.yml, generated
    from orchestration/formats/*.yaml).

    The pieces:
    - base models (models/staging/base/, ephemeral): one per kind and family, every loaded
      snapshot's rows in the family's shape, with provenance and the history columns
      (history_columns below);
    - stg_snapshot_windows: each loaded snapshot's order and window;
    - assembled_history(family, parts): the rule, over the base models of the kinds feeding a
      family. The stg_* models are the assembled histories. -#}


{#- What the format descriptions say (macro delivery_formats, written from
    orchestration/formats/*.yaml): of each kind of delivery ({title, window, location_column}),
    of how each record family is dated ('dated': by its own date; 'running': things that run,
    by their end date once ended and the extract date while running; 'dateless'), and of each
    raw table ({kind, feeds: family -> {natural_key, runs_until, when, follows}}). -#}
{% macro delivery_kinds() -%}
    {{ return(delivery_formats().kinds) }}
{%- endmacro %}

{% macro family_timing(family) -%}
    {%- set families = delivery_formats().families -%}
    {%- if family not in families -%}
        {{ exceptions.raise_compiler_error("No raw table feeds the record family " ~ family) }}
    {%- endif -%}
    {{ return(families[family]) }}
{%- endmacro %}

{% macro raw_feed(table_name, family) -%}
    {%- set tables = delivery_formats().tables -%}
    {%- if table_name not in tables or family not in tables[table_name].feeds -%}
        {{ exceptions.raise_compiler_error(table_name ~ " does not feed the record family " ~ family) }}
    {%- endif -%}
    {{ return(tables[table_name].feeds[family]) }}
{%- endmacro %}

{#- The kind of delivery a raw table belongs to, as SQL over a column holding its name. -#}
{% macro delivery_kind_of(table_name_column) -%}
    case
        {%- for name, table in delivery_formats().tables.items() %}
        when {{ table_name_column }} = '{{ name }}' then '{{ table.kind }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- The raw tables of a kind of delivery that feed a family, in the description's order: each
    as {name, title, own_date}, own_date being the column of the table's own record date (the
    date of the natural key of the first other family it feeds that has one; none for a table
    without). For the families an Annex A workbook feeds from every child list (children,
    disabilities). -#}
{% macro tables_feeding(kind, family) -%}
    {%- set found = [] -%}
    {%- for name, table in delivery_formats().tables.items() if table.kind == kind and family in table.feeds -%}
        {%- set own_dates = [] -%}
        {%- for other, feed in table.feeds.items() if other != family and feed.natural_key | length > 1 -%}
            {%- do own_dates.append(feed.natural_key[1]) -%}
        {%- endfor -%}
        {%- do found.append({'name': name, 'title': table.title, 'own_date': own_dates[0] if own_dates else none}) -%}
    {%- endfor -%}
    {{ return(found) }}
{%- endmacro %}

{#- A raw table's title as a plain-words text names it (SQL over a column holding its name): a
    workbook's list by its title ("List 7 - child protection plans"), a CSV table by its file
    ("ext_case_audits.csv"). -#}
{% macro delivery_table_title(table_name_column) -%}
    case
        {%- for name, table in delivery_formats().tables.items() %}
        when {{ table_name_column }} = '{{ name }}' then '{{ table.title if table.title != name else name ~ ".csv" }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- A kind of delivery in words (SQL over a column holding the kind): "Annex A workbook". -#}
{% macro delivery_kind_title(kind_column) -%}
    case {{ kind_column }}
        {%- for kind, described in delivery_kinds().items() %}
        when '{{ kind }}' then '{{ described.title }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- The rows of every raw table of a kind that feeds a family (macro snapshot_rows), as a
    mapping from table name to rows. -#}
{% macro snapshot_rows_feeding(kind, family) -%}
    {%- set rows = {} -%}
    {%- for table in tables_feeding(kind, family) -%}
        {%- do rows.update({table.name: snapshot_rows(table.name)}) -%}
    {%- endfor -%}
    {{ return(rows) }}
{%- endmacro %}

{#- (kind, family) for every family each kind of delivery feeds, as a VALUES list. -#}
{% macro families_of_kinds() -%}
    (values
        {%- for kind, family in delivery_formats().kind_families %}
        ('{{ kind }}', '{{ family }}'){{ "," if not loop.last }}
        {%- endfor %}
    ) as kind_families(kind, family)
{%- endmacro %}


{#- The rows of a raw table from every loaded snapshot, with the snapshot's kind and order
    (stg_snapshots). -#}
{% macro snapshot_rows(table_name) -%}
    (
        select
            raw_rows.*,
            snapshot.kind as snapshot_kind,
            snapshot.snapshot_order
        from {{ source('raw', table_name) }} as raw_rows
        inner join {{ ref('stg_snapshots') }} as snapshot
            on snapshot.la_code = raw_rows.la_code
            and snapshot.extract_date = raw_rows.snapshot_date
    )
{%- endmacro %}


{#- The columns every base model ends with, for a row of `table_name` (aliased `row_alias`, read
    through snapshot_rows) feeding `family`:

    provenance, kept by the assembled record: source_kind, source_extract_date (the
    snapshot's extract date, which with la_code names the snapshot and its load), source_file,
    source_location (where in the file: a workbook's sheet; NULL for a CSV file) and source_row
    (the row as a spreadsheet numbers it); and the history columns the rule reads, dropped after
    assembly: snapshot_order, history_subject and history_date (the natural key: the subject,
    usually the child, and the record's own date, NULL for a family without one),
    history_window_date (the date by which a window covers a dated record: its own date, or
    an Annex A ICPC's enquiry start), history_end_date (a running record's end) and
    history_in_family (false for a row that does not feed the family).

    A family whose records follow a parent record takes the parent's natural key and dates,
    from the parent's raw row of the same snapshot: the base model joins it with
    history_parent_join, as `history_parent`. -#}
{% macro history_columns(table_name, family, row_alias) -%}
    {%- set feed = raw_feed(table_name, family) -%}
    {%- set keyed = 'history_parent' if feed.follows else row_alias -%}
    {%- set location = delivery_kinds()[delivery_formats().tables[table_name].kind].location_column -%}
    {%- set key = feed.natural_key -%}
    {{ row_alias }}.snapshot_kind as source_kind,
    {{ row_alias }}.snapshot_date as source_extract_date,
    {{ row_alias }}.source_file,
    {% if location %}{{ row_alias }}.{{ location }}{% else %}cast(null as varchar){% endif %} as source_location,
    {{ row_alias }}.source_row,
    {{ row_alias }}.snapshot_order,
    cast({{ keyed }}.{{ key[0] }} as varchar) as history_subject,
    {% if key | length > 1 %}cast({{ keyed }}.{{ key[1] }} as date){% else %}cast(null as date){% endif %} as history_date,
    {% if feed.window_date %}cast({{ keyed }}.{{ feed.window_date }} as date){% else %}cast(null as date){% endif %} as history_window_date,
    {% if feed.runs_until %}cast({{ keyed }}.{{ feed.runs_until }} as date){% else %}cast(null as date){% endif %} as history_end_date,
    {% if feed.when %}{{ row_alias }}.{{ feed.when }} is not null{% else %}true{% endif %} as history_in_family
{%- endmacro %}

{#- For a family whose records follow a parent: the join of the parent's raw row of the same
    snapshot, as `history_parent`. -#}
{% macro history_parent_join(table_name, family, row_alias) -%}
    {%- set parent = raw_feed(table_name, family).follows -%}
    left join {{ source('raw', parent.table) }} as history_parent
        on history_parent.la_code = {{ row_alias }}.la_code
        and history_parent.snapshot_date = {{ row_alias }}.snapshot_date
        and history_parent.{{ parent.identifier }} = {{ row_alias }}.{{ parent.column }}
{%- endmacro %}


{#- The date by which a window covers a record of a family of the given timing (a base model's
    row): its own window date; for a thing that runs, its end once ended, else its snapshot's
    extract date; none for a family without dates. -#}
{% macro history_window_date(timing) -%}
    {%- if timing == 'running' -%}
    least(coalesce(history_end_date, source_extract_date), source_extract_date)
    {%- elif timing == 'dated' -%}
    history_window_date
    {%- else -%}
    cast(null as date)
    {%- endif -%}
{%- endmacro %}


{#- The assembled history of a record family: the records of `parts` (a dict: kind of delivery
    -> its base model for the family) that the rule keeps, with their provenance. The kinds
    named are the kinds whose snapshots cover the family.

    Set-based and cheap: the newest snapshot covering the family for all time replaces every
    record before it, so older snapshots are left out first; an authority left with one
    snapshot (an SSD-only authority: its newest extract) keeps all that snapshot's records, so
    the rule itself runs only for authorities with several. -#}
{% macro assembled_history(family, parts) -%}
    {%- set timing = family_timing(family) -%}
    with candidates as (
        {%- for kind, part in parts.items() %}
        select * from {{ part }}
        {%- if not loop.last %}
        union all by name
        {%- endif %}
        {%- endfor %}
    ),

    covering as (
        select la_code, snapshot_order, covers_all_time, window_start, window_end
        from {{ ref('stg_snapshot_windows') }}
        where kind in ({% for kind in parts %}'{{ kind }}'{{ ", " if not loop.last }}{% endfor %})
    ),

    newest_all_time as (
        select la_code, max(snapshot_order) as snapshot_order
        from covering
        where covers_all_time
        group by la_code
    ),

    -- Per authority, the first snapshot that can still contribute, and how many can.
    in_play_snapshots as (
        select
            covering.la_code,
            min(covering.snapshot_order) as first_order,
            count(*) as snapshots
        from covering
        left join newest_all_time
            on newest_all_time.la_code = covering.la_code
        where covering.snapshot_order >= coalesce(newest_all_time.snapshot_order, 0)
        group by covering.la_code
    ),

    in_play as (
        select
            candidates.*,
            in_play_snapshots.snapshots = 1 as alone
        from candidates
        inner join in_play_snapshots
            on in_play_snapshots.la_code = candidates.la_code
            and candidates.snapshot_order >= in_play_snapshots.first_order
        where candidates.history_in_family
    ),

    dated as (
        select
            *,
            case when history_subject is not null then struct_pack(
                subject := history_subject,
                day := history_date
            ) end as natural_key,
            {{ history_window_date(timing) }} as window_date
        from in_play
        where not alone
    ),

    keyed as (
        select
            *,
            max(snapshot_order) over (partition by la_code, natural_key) as newest_order_of_key
        from dated
    ),

    kept as (
        select * exclude (natural_key, window_date, newest_order_of_key)
        from keyed
        where (keyed.natural_key is null or keyed.snapshot_order = keyed.newest_order_of_key)
            and not exists (
                select 1
                from covering as later
                where later.la_code = keyed.la_code
                    and later.snapshot_order > keyed.snapshot_order
                    and (
                        later.covers_all_time
                        or (keyed.window_date > later.window_start
                            and keyed.window_date <= later.window_end)
                    )
            )
        union all
        select * from in_play where alone
    )

    select
        * exclude (
            alone, snapshot_order, history_subject, history_date, history_window_date,
            history_end_date, history_in_family
        )
    from kept
{%- endmacro %}


{#- The provenance columns of an assembled record, for a stg model's select list. -#}
{% macro provenance_column_names() -%}
    {{ return(['source_kind', 'source_extract_date', 'source_file', 'source_location',
               'source_row']) }}
{%- endmacro %}

{% macro provenance_columns(row_alias, prefix='', from_prefix='') -%}
    {%- for column in provenance_column_names() %}
    {{ row_alias }}.{{ from_prefix }}{{ column }} as {{ prefix }}{{ column }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}
