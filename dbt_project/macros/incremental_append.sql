{#- The incremental materialization, made lighter for what a some-authorities build does with
    it (macros/authority_scope.sql): append the rebuilt authorities' rows to a table that
    exists.

    Why: dbt-duckdb's own builds the model into a temporary table, reads that table's columns
    and the target's (two describes) to apply on_schema_change, and only then copies the rows
    into the target: three statements besides the pre-hook, the insert and the commit, and
    dbt's Python around each, for every one of the ~130 models such a build updates. Here an
    existing table with strategy append and on_schema_change fail takes one statement: the
    schema check, then `insert into <table> by name select * from (<model's SQL>)`.

    The check compares the query's columns (a describe, which only plans it) with the
    table's: the same names, letter case included, and types, as dbt's check_for_schema_changes
    compares the temporary table's. Any difference fails the build with the columns named,
    before anything is inserted; with the names and types equal, inserting by name is dbt's
    insert of the target's columns.

    Kept as dbt-duckdb's: the hooks, the pre-hooks, insert and post-hooks in one transaction,
    rolled back when any fails (macros/changed_pairs_only.sql relies on it); an enforced
    contract checked against the model's SQL first (get_assert_columns_equivalent, as
    dbt-duckdb's create_table_as does); grants and docs applied. Every other case (the first
    build, a full refresh, a view, Python, another strategy or on_schema_change, an
    sql_header) is dbt-duckdb's own materialization, called as it is. -#}

{% materialization incremental, adapter='duckdb', supported_languages=['sql', 'python'] -%}
  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set on_schema_change = incremental_validate_on_schema_change(
      config.get('on_schema_change'), default='ignore') -%}
  {%- if existing_relation is none or existing_relation.is_view or should_full_refresh()
      or model['language'] != 'sql' or config.get('incremental_strategy') != 'append'
      or on_schema_change != 'fail' or config.get('sql_header') is not none -%}
    {{ return(dbt.materialization_incremental_duckdb()) }}
  {%- endif -%}
  {%- set target_relation = this.incorporate(type='table') -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  {{ run_hooks(pre_hooks, inside_transaction=True) }}
  {%- if config.get('contract').enforced -%}
    {{ get_assert_columns_equivalent(compiled_code) }}
  {%- endif %}

  {% call statement('main') -%}
    {{ failed_unless_same_columns(compiled_code, target_relation) }};
    insert into {{ target_relation }} by name
    select * from (
      {{ compiled_code }}
    ) as model_subq
  {%- endcall %}

  {% do apply_grants(target_relation, config.get('grants'),
      should_revoke=should_revoke(existing_relation, full_refresh_mode=false)) %}
  {% do persist_docs(target_relation, model) %}
  {{ run_hooks(post_hooks, inside_transaction=True) }}
  {% do adapter.commit() %}
  {{ run_hooks(post_hooks, inside_transaction=False) }}
  {{ return({'relations': [target_relation]}) }}
{%- endmaterialization %}

{#- A query that fails, naming the columns that differ (`table`'s type -> the query's, `-`
    for none), unless the query `sql` has exactly the columns of `relation`. -#}
{% macro failed_unless_same_columns(sql, relation) -%}
    select error(
        '{{ relation | replace("'", "''") }}: the model''s columns are no longer the table''s '
        || '(on_schema_change: fail; build it in full to change them): '
        || string_agg(
            coalesce(query.column_name, target.column_name) || ' '
            || coalesce(target.column_type, '-') || ' -> ' || coalesce(query.column_type, '-'),
            ', ' order by coalesce(query.column_name, target.column_name)))
    from (
        select column_name, column_type from (describe (select * from (
            {{ sql }}
        ) as model_subq))
    ) as query
    full join (
        select column_name, column_type from (describe {{ relation }})
    ) as target on query.column_name = target.column_name
    where query.column_type is distinct from target.column_type
    having count(*) > 0
{%- endmacro %}
