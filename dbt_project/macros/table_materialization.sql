{#- The `table` materialization on DuckDB: the table built under its own name, in one
    transaction.

    Why: dbt-duckdb's own (like dbt's default) builds `<name>__dbt_tmp`, renames the old table
    to `<name>__dbt_backup`, renames the new one into place, commits and drops the backup: three
    statements more than the build itself on every model, for a swap that only matters where
    DDL is not transactional. DuckDB's is: a model's drop and create commit together or, when
    the build fails, roll back together and leave the old table as it was. So here:

    - no relation at the name yet (a warehouse's first build): `create table <name> as ...`;
    - a relation at the name (a table or a view): it is dropped, then the table created, inside
      the model's transaction (dbt-duckdb's drop_relation_for_rebuild, its own path for tables
      with foreign keys, which also drops and restores the tables whose keys point at it).

    Kept as dbt-duckdb has them: pre- and post-hooks in and out of the transaction (the
    pre-hook delete_rebuilt_authorities deletes nothing from a table model), the
    create itself (dbt-duckdb's create_table_as: with an enforced contract, the column check
    against the query, then the table created with the contract's types and constraints and
    filled), indexes, grants, persist_docs, and the relation returned for dbt's cache. Not
    kept: Python models (the project has none) and the DuckLake workarounds (the warehouse is a
    DuckDB file). dbt-duckdb's other materializations (incremental, view, external...) are
    untouched. -#}

{% materialization table, adapter='duckdb', supported_languages=['sql'] %}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set grant_config = config.get('grants') -%}

    {#- Left by a build of dbt-duckdb's own materialization that stopped between its commit and
        its last drop; found in dbt's cache, so no statement when there are none. -#}
    {{ drop_relation_if_exists(load_cached_relation(make_intermediate_relation(target_relation))) }}
    {{ drop_relation_if_exists(load_cached_relation(make_backup_relation(target_relation, 'table'))) }}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- set dropped_dependents = [] -%}
    {%- if existing_relation is not none -%}
        {%- set dropped_dependents = drop_relation_for_rebuild(existing_relation) -%}
    {%- endif -%}
    {% call statement('main') -%}
        {{ create_table_as(False, target_relation, compiled_code) }}
    {%- endcall %}
    {%- do restore_foreign_key_dependents(dropped_dependents) -%}
    {%- do create_indexes(target_relation) -%}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {%- set revoke = should_revoke(existing_relation, full_refresh_mode=True) -%}
    {%- do apply_grants(target_relation, grant_config, should_revoke=revoke) -%}
    {%- do persist_docs(target_relation, model) -%}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
