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


{#- What the format descriptions say of a raw table ({kind, feeds}), of every raw table (a
    list of {name, kind, feeds}), and of each kind of delivery ({title, window,
    location_column}): macro delivery_formats, written from orchestration/formats/*.yaml. -#}
{% macro raw_table_meta(table_name) -%}
    {%- set tables = delivery_formats().tables -%}
    {%- if table_name not in tables -%}
        {{ exceptions.raise_compiler_error("No format describes the raw table " ~ table_name) }}
    {%- endif -%}
    {{ return(tables[table_name]) }}
{%- endmacro %}

{% macro raw_tables() -%}
    {%- set tables = [] -%}
    {%- for name, described in delivery_formats().tables.items() -%}
        {%- do tables.append({'name': name, 'kind': described.kind, 'feeds': described.feeds}) -%}
    {%- endfor -%}
    {{ return(tables) }}
{%- endmacro %}

{% macro delivery_kinds() -%}
    {{ return(delivery_formats().kinds) }}
{%- endmacro %}


{#- Every feed of a family, from every raw table that feeds it. -#}
{% macro family_feeds(family) -%}
    {%- set feeds = [] -%}
    {%- for table in raw_tables() -%}
        {%- for feed in table.feeds if feed.family == family -%}
            {%- do feeds.append(feed) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(feeds) }}
{%- endmacro %}

{#- How a family's records are dated: 'dated' (their own date), 'running' (things that run:
    the end date when ended, the extract date while running) or 'dateless'. A family whose
    records follow a parent is dated as its parent's. -#}
{% macro family_timing(family) -%}
    {%- set feeds = family_feeds(family) -%}
    {%- if not feeds -%}
        {{ exceptions.raise_compiler_error("No raw table feeds the record family " ~ family) }}
    {%- endif -%}
    {%- set feed = feeds[0] -%}
    {%- if feed.follows -%}
        {{ return(family_timing(feed.follows.family)) }}
    {%- elif feed.runs_until -%}
        {{ return('running') }}
    {%- elif feed.window_date -%}
        {{ return('dated') }}
    {%- endif -%}
    {{ return('dateless') }}
{%- endmacro %}

{#- The kind of delivery a raw table belongs to, as SQL over a column holding its name. -#}
{% macro delivery_kind_of(table_name_column) -%}
    case
        {%- for table in raw_tables() %}
        when {{ table_name_column }} = '{{ table.name }}' then '{{ table.kind }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- (kind, family) for every family each kind of delivery feeds, as a VALUES list. -#}
{% macro families_of_kinds() -%}
    {%- set pairs = [] -%}
    {%- for table in raw_tables() -%}
        {%- for feed in table.feeds if (table.kind, feed.family) not in pairs -%}
            {%- do pairs.append((table.kind, feed.family)) -%}
        {%- endfor -%}
    {%- endfor -%}
    (values
        {%- for kind, family in pairs %}
        ('{{ kind }}', '{{ family }}'){{ "," if not loop.last }}
        {%- else %}
        (null, null)
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
    (the row as a spreadsheet numbers it); and the history columns the rule reads, dropped after assembly: snapshot_order,
    history_subject and history_date (the natural key: the subject, usually the child, and the
    record's own date, NULL for a family without one), history_end_date (a running record's
    end) and history_in_family (false for a row that does not feed the family).

    A family whose records follow a parent record takes the parent's natural key and dates:
    the base model joins the parent's raw row of the same snapshot as `parent_alias`. -#}
{% macro history_columns(table_name, family, row_alias, parent_alias=none) -%}
    {%- set meta = raw_table_meta(table_name) -%}
    {%- set found = namespace(feed=none, keyed=none, alias=row_alias) -%}
    {%- for candidate in meta.feeds if candidate.family == family -%}
        {%- set found.feed = candidate -%}
    {%- endfor -%}
    {%- if found.feed is none -%}
        {{ exceptions.raise_compiler_error(table_name ~ " does not feed the family " ~ family) }}
    {%- endif -%}
    {%- set found.keyed = found.feed -%}
    {%- if found.feed.follows -%}
        {%- if parent_alias is none -%}
            {{ exceptions.raise_compiler_error(
                table_name ~ " follows its " ~ found.feed.follows.family
                ~ " record: join the parent's raw row and pass parent_alias") }}
        {%- endif -%}
        {%- for parent in raw_tables() if parent.kind == meta.kind -%}
            {%- for candidate in parent.feeds if candidate.family == found.feed.follows.family -%}
                {%- set found.keyed = candidate -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- set found.alias = parent_alias -%}
    {%- endif -%}
    {%- set location = delivery_kinds()[meta.kind].location_column -%}
    {%- set key = found.keyed.natural_key -%}
    {{ row_alias }}.snapshot_kind as source_kind,
    {{ row_alias }}.snapshot_date as source_extract_date,
    {{ row_alias }}.source_file,
    {% if location %}{{ row_alias }}.{{ location }}{% else %}cast(null as varchar){% endif %} as source_location,
    {{ row_alias }}.source_row,
    {{ row_alias }}.snapshot_order,
    cast({{ found.alias }}.{{ key[0] }} as varchar) as history_subject,
    {% if key | length > 1 %}cast({{ found.alias }}.{{ key[1] }} as date){% else %}cast(null as date){% endif %} as history_date,
    {% if found.keyed.runs_until %}cast({{ found.alias }}.{{ found.keyed.runs_until }} as date){% else %}cast(null as date){% endif %} as history_end_date,
    {% if found.feed.when %}{{ row_alias }}.{{ found.feed.when }} is not null{% else %}true{% endif %} as history_in_family
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
            {%- if timing == 'running' %}
            least(coalesce(history_end_date, source_extract_date), source_extract_date)
            {%- elif timing == 'dated' %}
            history_date
            {%- else %}
            cast(null as date)
            {%- endif %} as window_date
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
            alone, snapshot_order, history_subject, history_date, history_end_date,
            history_in_family
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
