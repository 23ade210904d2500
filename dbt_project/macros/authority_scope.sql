{#- Rebuilding some authorities only.

    Every model keyed by authority (it has an la_code column, and each authority's rows depend
    on that authority's data alone) is normally a table rebuilt whole. When a refresh has
    loaded new snapshots for a few authorities, the orchestration passes the var
    `rebuild_some_authorities: true` and names them in the environment variable
    CSC_REBUILD_AUTHORITIES (a JSON list of la_codes, e.g. ["901"]); by hand, the var
    `rebuild_authorities` (a list) does both. Then:

    - every such model is materialized `incremental` (dbt_project.yml; a view, which holds no
      rows, is made again as it is, reading every authority): its rows of those
      authorities are deleted (the pre-hook delete_rebuilt_authorities) and computed again,
      inserted straight from its query (macros/incremental_append.sql);
    - every ref() and source() of a relation keyed by authority reads only those authorities'
      rows, so each model computes exactly its rows for them, and data tests check them;
    - models and seeds that are not keyed by authority (config meta keyed_by_authority: false:
      the calendar, the metric catalogue, the seeds of targets and bank holidays) are rebuilt
      whole as usual.

    Why the la_codes go in the environment: dbt parses the whole project again whenever
    --vars differ from its last parse (some 10 s); `rebuild_some_authorities: true` is the
    same on every such build, and the variable is read only while executing (`execute`),
    never while parsing, so each kind of build keeps its parse from one build to the next.

    The result equals a full build (tests/orchestration/test_incremental_refresh.py proves it). The
    orchestration asks for it only on a warehouse whose last build was complete and made from
    the same project; without the vars, `dbt build` rebuilds everything. -#}

{% macro rebuilt_authorities() -%}
    {%- set authorities = var('rebuild_authorities', none) -%}
    {%- if authorities is none and var('rebuild_some_authorities', false) and execute -%}
        {%- set listed = env_var('CSC_REBUILD_AUTHORITIES', '') | trim -%}
        {%- set authorities = fromjson(listed) if listed else none -%}
        {%- if authorities is none -%}
            {{ exceptions.raise_compiler_error(
                "var rebuild_some_authorities is set: the environment variable "
                ~ "CSC_REBUILD_AUTHORITIES must name them as a JSON list of la_codes, e.g. "
                ~ "[\"901\"], not '" ~ listed ~ "'") }}
        {%- endif -%}
    {%- endif -%}
    {%- if authorities is not none and (authorities is string or authorities | length == 0) -%}
        {{ exceptions.raise_compiler_error(
            "var rebuild_authorities must be a non-empty list of la_codes, e.g. ['901'], not "
            ~ authorities) }}
    {%- endif -%}
    {{ return(authorities) }}
{%- endmacro %}

{#- Whether a node (model, seed, test...) holds rows keyed by authority. -#}
{% macro is_keyed_by_authority(node) -%}
    {{ return(node.config.get('meta', {}).get('keyed_by_authority', true)) }}
{%- endmacro %}

{#- The condition keeping the rebuilt authorities' rows. -#}
{% macro in_rebuilt_authorities(column='la_code') -%}
    {{ column }} in ({% for la_code in rebuilt_authorities() -%}
        '{{ la_code | replace("'", "''") }}'{{ ", " if not loop.last }}
    {%- endfor %})
{%- endmacro %}

{#- Whether the node being built reads the rebuilt authorities only (unit tests read their
    fixtures as given; a view is a query kept, not rows, so it reads every authority whenever
    it is built, and a reader of it keeps those it needs). -#}
{% macro reads_rebuilt_authorities() -%}
    {{ return(execute and rebuilt_authorities() is not none and model.resource_type != 'unit_test'
              and not is_view(model)) }}
{%- endmacro %}

{% macro is_view(node) -%}
    {{ return(node.resource_type == 'model' and node.config.materialized == 'view') }}
{%- endmacro %}

{#- A relation as the node being built reads it: only the rebuilt authorities' rows. -#}
{% macro rebuilt_rows(relation) -%}
    {{ return('(select * from ' ~ relation ~ ' where ' ~ in_rebuilt_authorities() ~ ')') }}
{%- endmacro %}

{% macro ref() -%}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- if not reads_rebuilt_authorities() -%}
        {{ return(relation) }}
    {%- endif -%}
    {#- The referenced node found by its id, not by a walk through every node of the graph
        (some 320) at every ref() of every node built. -#}
    {%- set package = varargs[0] if varargs | length > 1 else project_name -%}
    {%- set keyed = namespace(value=true) -%}
    {%- for resource_type in ('model', 'seed', 'snapshot') -%}
        {%- set node = graph.nodes.get(resource_type ~ '.' ~ package ~ '.' ~ varargs[-1]) -%}
        {%- if node is not none -%}
            {%- set keyed.value = is_keyed_by_authority(node) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(rebuilt_rows(relation) if keyed.value else relation) }}
{%- endmacro %}

{#- Every source (the loader's raw and audit tables) carries la_code. -#}
{% macro source(source_name, table_name) -%}
    {%- set relation = builtins.source(source_name, table_name) -%}
    {{ return(rebuilt_rows(relation) if reads_rebuilt_authorities() else relation) }}
{%- endmacro %}

{#- Pre-hook of every model: when rebuilding some authorities, delete their rows first. A
    model that does not exist yet cannot be rebuilt in part. A model with meta
    keeps_unchanged_rows deletes only what is stale itself (macros/changed_pairs_only.sql). -#}
{% macro delete_rebuilt_authorities() -%}
    {%- if execute and rebuilt_authorities() is not none and is_keyed_by_authority(model)
          and not is_view(model) -%}
        {%- if not is_incremental() -%}
            {{ exceptions.raise_compiler_error(
                "Cannot rebuild some authorities only: " ~ this ~ " has not been built in full "
                ~ "yet. Run dbt build without var rebuild_authorities.") }}
        {%- endif -%}
        {%- if not model.config.get('meta', {}).get('keeps_unchanged_rows', false) -%}
        delete from {{ this }} where {{ in_rebuilt_authorities() }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
