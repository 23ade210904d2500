{#- Comparing new snapshot pairs only, when a build rebuilds some authorities
    (macros/authority_scope.sql).

    A snapshot is immutable: its authority and extract date name its load, so its records
    (int_record_versions) and the changes between two snapshots (int_record_changes) stay the
    same from one build to the next, as long as the rest of what the comparison reads does: the
    newer snapshot's window and the columns it stopped sending (macro compared_snapshot_pairs;
    a snapshot delivered late can change the latter, and renumbers snapshot_order, which is
    why nothing kept is named by it). So these two models keep their rows across such builds
    (meta keeps_unchanged_rows: the generic delete_rebuilt_authorities leaves them alone):

    - int_record_versions deletes the rebuilt authorities' versions of the snapshots no longer
      in any pair (delete_unpaired_record_versions) and adds those of paired snapshots it does
      not hold yet (every version of a snapshot comes in the one insert that adds it);
    - int_record_changes deletes the rebuilt authorities' changes of every pair that is not
      both current and listed in int_record_change_pairs with the same inputs
      (delete_unlisted_record_changes), takes the pairs no longer current (or whose inputs
      changed) off the list (unlist_stale_change_pairs), and compares the current pairs not
      listed (not_listed_change_pair); int_record_change_pairs, built after it, lists every
      current pair. A pair without changes has no row in int_record_changes: the list is what
      says it was compared.

    What stays true at every commit: every pair listed has exactly its changes in
    int_record_changes. dbt-duckdb runs a model's pre-hooks, its insert and post-hooks in one
    transaction and rolls it back when any fails (its incremental materialization; the
    connection's exception handler), so:

    - int_record_changes fails: nothing of it happened; int_record_change_pairs is skipped;
    - int_record_change_pairs fails after int_record_changes succeeded: the list holds the
      pairs kept, not those just compared, whose changes the next build deletes and compares
      again (never twice);
    - a build that fails before them changes neither; int_record_versions, if it ran, holds
      exactly the current pairs' versions, whatever ran after.

    A failed build records nothing (orchestration/metrics_build_scope.py), so the next build
    rebuilds the same authorities again. A build of every authority makes all three tables
    whole. Building int_record_change_pairs without int_record_changes (a hand-made
    `--select`) would list pairs not compared: select both, or neither. -#}

{#- The list of pairs compared (int_record_change_pairs) as the last build left it; none when it
    does not exist yet. Read by name: it is built after int_record_changes, which reads it. -#}
{% macro listed_change_pairs() -%}
    {{ return(adapter.get_relation(
        database=this.database, schema=this.schema, identifier='int_record_change_pairs')) }}
{%- endmacro %}

{#- Whether the model being built keeps its rows of pairs unchanged (else it is built whole). -#}
{% macro keeps_unchanged_pairs() -%}
    {{ return(execute and rebuilt_authorities() is not none and is_incremental()) }}
{%- endmacro %}

{#- Deletes the rebuilt authorities' rows of `relation` (aliased `alias`) that no current pair
    (`pair`, macro compared_snapshot_pairs) `matches`. -#}
{% macro delete_rows_of_no_pair(relation, alias, matches) -%}
    delete from {{ relation }} as {{ alias }}
    where {{ in_rebuilt_authorities(alias ~ '.la_code') }}
        and not exists (
            select 1
            from ({{ compared_snapshot_pairs() }}) as pair
            where {{ matches }}
        )
{%- endmacro %}

{#- Pre-hook of int_record_versions: the versions kept are those of snapshots in a pair. -#}
{% macro delete_unpaired_record_versions() -%}
    {%- if keeps_unchanged_pairs() -%}
    {{ delete_rows_of_no_pair(this, 'version',
        "pair.la_code = version.la_code and pair.family = version.family
        and version.source_extract_date in (pair.from_extract_date, pair.to_extract_date)") }}
    {%- endif -%}
{%- endmacro %}

{#- The condition on a current pair (`pair`, macro compared_snapshot_pairs) of being compared
    by this build: always in a whole build; else unless listed with the same inputs. -#}
{% macro not_listed_change_pair(pair) -%}
    {%- set listed = listed_change_pairs() if keeps_unchanged_pairs() else none -%}
    {%- if listed is none -%}
    true
    {%- else -%}
    not exists (select 1 from {{ listed }} as listed where {{ same_compared_pair(pair, 'listed') }})
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of int_record_changes, first: the changes kept are those of current pairs listed. -#}
{% macro delete_unlisted_record_changes() -%}
    {%- if keeps_unchanged_pairs() -%}
    {{ delete_rows_of_no_pair(this, 'change',
        "pair.la_code = change.la_code and pair.family = change.family
        and pair.from_extract_date = change.from_extract_date
        and pair.to_extract_date = change.to_extract_date
        and not " ~ not_listed_change_pair('pair')) }}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of int_record_changes, second: the list keeps the current pairs only. -#}
{% macro unlist_stale_change_pairs() -%}
    {%- set listed = listed_change_pairs() if keeps_unchanged_pairs() else none -%}
    {%- if listed is not none -%}
    {{ delete_rows_of_no_pair(listed, 'listed', same_compared_pair('pair', 'listed')) }}
    {%- endif -%}
{%- endmacro %}
