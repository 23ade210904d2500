"""Publishing the serving database: what the app reads, replaced whole by each refresh.

A new DuckDB file is written beside CSC_SERVING_PATH, checkpointed and closed, then moved over
the old one with `os.replace` (atomic on one file system). A reader that opened the old file
keeps reading it undisturbed; the next reader opens the new one. Nobody ever sees a half-written
database, and the app never holds a lock that could block a refresh.

The file holds every table of the dbt `marts` schema (whatever is there), the audit tables, a
quarantine and the value notes (values an Annex A workbook's rows could not give, loaded as
empty) that show no value of a row that could name a child (see _redacted_quarantine), one row
per authority naming its current snapshot, `refresh_info` (when and by which run it was
published, which metrics build it holds: `metrics_built_at`, from audit.metrics_builds, and its
`publication_id`) and `publications`: every publication kept (see kept_publications), each
also kept as a file of its own.

A publication killed half-way leaves its new file beside the old one, and the old one stays in
place; the next publication removes what is left (under the warehouse lock, so nobody else is
writing one).

The marts keyed by authority are stored sorted by la_code, so that the app's queries for one
authority read that authority's part of each table only; a mart that a page reads across every
authority is stored in the order that page reads it (STORED_ORDER).

When the metrics builds since the last publication rebuilt some authorities only (see
metrics_build_scope) and the marts have the same tables and columns, the new file starts as a
copy of the last one and only those authorities' rows of the marts are replaced: publishing
after one authority's new snapshot then costs what that authority's rows cost, not what the
whole warehouse does. Otherwise every table is copied from the warehouse.

DuckDB reuses the blocks of deleted rows and dropped tables only after a checkpoint has let
them go, so the copy deletes first, checkpoints, then writes each table's new rows (see
_update_copy): the copy then costs about the changed rows, not the changed rows twice over.
What remains is the rows' layout (the replaced authority's rows in row groups of their own at
the end of each table, the holes they left): a 10-authority copy is about 1.15 times the file
written whole, and stays so copy after copy. As a guard, `refresh_info.written_whole_bytes`
carries the size the file had when a publication last wrote it whole; an updated copy larger
than GROWTH_BOUND times that is not published: the publication is written whole instead, as
compact as a first one (that costs the copy once more, on the publication that crosses the
bound). Data the new snapshots add counts towards the bound too.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from orchestration import census_format, kept_publications, pause_points, workbook_format
from orchestration.build_provenance import snapshots_built_from
from orchestration.delivery_kinds import LOADED_TABLES
from orchestration.extract_format import DIRECT_IDENTIFIERS as SSD_DIRECT_IDENTIFIERS
from orchestration.extract_format import ExtractTable
from orchestration.metrics_build_scope import METRICS_BUILDS
from orchestration.settings import WarehousePaths
from orchestration.sql_text import identifier, literal, literal_list
from orchestration.warehouse_lock import warehouse_lock
from orchestration.warehouse_schema import utc_now

MARTS_SCHEMA = "marts"
WITHHELD = "(withheld)"
REFRESH_INFO = "refresh_info"
# The order the marts keyed by authority are written in: la_code, unless named here. The
# explorer's comparison reads one metric's line of every authority at once, so that mart is
# written metric by metric (a read of one authority's line finds it in its metric's part).
STORED_ORDER = {"metric_values_whole_authority": "metric_id, period_grain, la_code, period_start"}
# The tables of the file besides the marts.
_OTHER_TABLES = (
    "snapshot_loads",
    "load_ledger",
    "quarantine",
    "value_notes",
    "landing_notices",
    "held_acceptances",
    "absent_columns",
    "authorities",
    REFRESH_INFO,
    kept_publications.PUBLICATIONS_TABLE,
)
_INCOMING_PREFIX = "publishing-"
# An updated copy of the last publication is published while its file is at most this many
# times the size of the last file written whole; beyond it, the publication is written whole.
GROWTH_BOUND = 1.25
# Columns of every format that identify a person directly (a child's name, UPN, date of birth;
# a worker's name).
DIRECT_IDENTIFIERS = (
    *SSD_DIRECT_IDENTIFIERS,
    *workbook_format.DIRECT_IDENTIFIERS,
    *census_format.DIRECT_IDENTIFIERS,
)


@dataclass(frozen=True)
class Publication:
    path: Path
    published_at: datetime
    row_counts: dict[str, int]  # table -> rows, every table of the file
    # The authorities whose marts rows were replaced in a copy of the last file; None when
    # every table was copied from the warehouse.
    updated_authorities: tuple[str, ...] | None = None
    publication_id: str = ""
    kept: tuple[str, ...] = ()  # the ids of the publications kept, this one included
    pruned: tuple[str, ...] = ()  # the files of publications the retention let go

def publish(
    paths: WarehousePaths, run_id: str | None = None, log: Callable[[str], None] = print
) -> Publication:
    if not paths.warehouse_path.exists():
        raise FileNotFoundError(
            f"There is no warehouse at {paths.warehouse_path} to publish from: run the load first."
        )
    target = paths.serving_path
    target.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own: DuckDB names a database after its file, up to the first dot.
    incoming = target.with_name(f"{_INCOMING_PREFIX}{uuid.uuid4().hex}.{target.name}")
    published_at = utc_now()
    try:
        with warehouse_lock(paths.lock_path, log):
            _remove_leftovers(target, log)
            scope = _update_scope(paths.warehouse_path, target)
            publication = kept_publications.new_publication(
                target, published_at, run_id, _snapshots(paths.warehouse_path)
            )
            kept = kept_publications.retained(
                [*kept_publications.kept_so_far(target), publication],
                published_at,
                kept_publications.Retention(
                    paths.keep_all_publications_days, paths.keep_monthly_publications_years
                ),
            )
            if scope is not None:
                shutil.copyfile(target, incoming)
            row_counts, written_whole_bytes = _write(
                incoming, paths.warehouse_path, published_at, run_id, scope, publication, kept
            )
            size = incoming.stat().st_size
            if scope is not None and size > GROWTH_BOUND * written_whole_bytes:
                log(
                    f"The updated copy of the last publication would take {size:,} bytes, more "
                    f"than {GROWTH_BOUND} times the {written_whole_bytes:,} of the last one "
                    "written whole: writing this one whole instead."
                )
                _remove(incoming)
                scope = None
                row_counts, _ = _write(
                    incoming, paths.warehouse_path, published_at, run_id, None, publication, kept
                )
            pause_points.pause_here(pause_points.PUBLISH_WRITTEN)
            kept_publications.keep(incoming, publication)
            os.replace(incoming, target)
            pruned = kept_publications.prune(target, kept)
    finally:
        _remove(incoming)
    how = (
        "every table copied" if scope is None
        else f"the last publication updated for authorities {', '.join(scope) or '(none)'}"
    )
    log(
        f"Published {target} ({how}): "
        f"{', '.join(f'{t} ({n} rows)' for t, n in row_counts.items())}"
    )
    log(
        f"Kept as publication {publication.publication_id}; {len(kept)} publications kept"
        + (f", {len(pruned)} let go by the retention setting" if pruned else "")
        + "."
    )
    return Publication(
        target,
        published_at,
        row_counts,
        scope,
        publication.publication_id,
        tuple(p.publication_id for p in kept),
        tuple(path.name for path in pruned),
    )


def _snapshots(warehouse: Path):
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return snapshots_built_from(connection)
    finally:
        connection.close()


def _remove(database: Path) -> None:
    for part in (database, database.with_name(database.name + ".wal")):
        part.unlink(missing_ok=True)


def _remove_leftovers(target: Path, log: Callable[[str], None]) -> None:
    """Delete the new files of publications that were killed before moving theirs into place."""
    leftovers = sorted(
        {
            *target.parent.glob(f"{_INCOMING_PREFIX}*.{target.name}"),
            *target.parent.glob(f"{_INCOMING_PREFIX}*.{target.name}.wal"),
        }
    )
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    if leftovers:
        log(
            "Removed what interrupted publications left beside the serving database: "
            + ", ".join(path.name for path in leftovers)
        )


def published_at(serving_path: Path) -> datetime | None:
    """When the serving database was published, or None when there is none (or it is unreadable)."""
    if not serving_path.exists():
        return None
    try:
        connection = duckdb.connect(str(serving_path), read_only=True)
    except duckdb.Error:
        return None
    try:
        return connection.execute("SELECT max(published_at) FROM refresh_info").fetchall()[0][0]
    except duckdb.Error:
        return None
    finally:
        connection.close()


def _write(
    incoming: Path,
    warehouse: Path,
    published_at: datetime,
    run_id: str | None,
    scope: tuple[str, ...] | None,
    publication: kept_publications.KeptPublication,
    kept: list[kept_publications.KeptPublication],
) -> tuple[dict[str, int], int]:
    """Write every table into `incoming` (a new file), or, given a scope, replace the scope's
    rows of the marts in `incoming` (a copy of the last publication) and the other tables.
    Returns each table's rows and the size of the file when it was last written whole."""
    connection = duckdb.connect(str(incoming))
    try:
        written_whole_bytes = None if scope is None else connection.execute(
            f"SELECT max(written_whole_bytes) FROM main.{REFRESH_INFO}"
        ).fetchall()[0][0]
        # Attached under its own name, so views dbt wrote naming their catalog still resolve.
        connection.execute(f"ATTACH {literal(str(warehouse))} (READ_ONLY)")
        (catalog_name,) = connection.execute(
            "SELECT database_name FROM duckdb_databases() WHERE path = ?", [str(warehouse)]
        ).fetchall()[0]
        catalog = identifier(catalog_name)
        marts = _columns(connection, catalog_name, MARTS_SCHEMA)
        sources = {
            **{
                name: f"SELECT * FROM {catalog}.{MARTS_SCHEMA}.{identifier(name)}"
                for name in marts
            },
            "snapshot_loads": f"SELECT * FROM {catalog}.audit.snapshot_loads",
            "load_ledger": f"SELECT * FROM {catalog}.audit.load_ledger",
            "quarantine": _redacted_quarantine(catalog),
            "value_notes": _redacted_value_notes(catalog),
            "landing_notices": f"SELECT * FROM {catalog}.audit.landing_notices",
            "held_acceptances": f"SELECT * FROM {catalog}.audit.held_acceptances",
            "absent_columns": _absent_columns_delivered_in(catalog),
            "authorities": _current_snapshots(catalog),
        }
        keyed = {name for name in marts if _has_column(marts[name], "la_code")}
        if scope is None:
            connection.execute("BEGIN TRANSACTION")
            for name, select in sources.items():
                if name == "snapshot_loads":  # the marts are in
                    pause_points.pause_here(pause_points.PUBLISH_WRITING)
                stored = f" ORDER BY {stored_order(name)}" if name in keyed else ""
                connection.execute(f"CREATE TABLE main.{identifier(name)} AS {select}{stored}")
        else:
            _update_copy(connection, sources, keyed, scope)
            connection.execute("BEGIN TRANSACTION")
        connection.execute(
            f"CREATE OR REPLACE TABLE main.{REFRESH_INFO} (published_at TIMESTAMP, "
            "run_id VARCHAR, metrics_built_at TIMESTAMP, publication_id VARCHAR, "
            "written_whole_bytes BIGINT)"
        )
        connection.execute(
            f"INSERT INTO main.{REFRESH_INFO} VALUES (?, ?, ?, ?, ?)",
            [
                published_at,
                run_id,
                _last_metrics_build(connection, catalog_name),
                publication.publication_id,
                written_whole_bytes,
            ],
        )
        kept_publications.write_table(connection, kept)
        connection.execute("COMMIT")
        connection.execute(f"DETACH {catalog}")
        row_counts = {
            name: connection.execute(
                f"SELECT count(*) FROM main.{identifier(name)}"
            ).fetchall()[0][0]
            for name in [*sources, REFRESH_INFO, kept_publications.PUBLICATIONS_TABLE]
        }
        connection.execute("CHECKPOINT")
        if written_whole_bytes is None:  # written whole: its own size, for the next copies
            written_whole_bytes = incoming.stat().st_size
            connection.execute(
                f"UPDATE main.{REFRESH_INFO} SET written_whole_bytes = ?", [written_whole_bytes]
            )
            connection.execute("CHECKPOINT")
        return row_counts, written_whole_bytes
    finally:
        connection.close()


def stored_order(mart: str) -> str:
    """The columns a mart keyed by authority is written sorted by (ORDER BY)."""
    return STORED_ORDER.get(mart, "la_code")


def _update_copy(
    connection: duckdb.DuckDBPyConnection,
    sources: dict[str, str],
    keyed: set[str],
    scope: tuple[str, ...],
) -> None:
    """In a copy of the last publication, replace the scope's rows of the marts keyed by
    authority and every other table (the audit tables, the marts not keyed by authority),
    each from its `sources` query.

    DuckDB gives the blocks of deleted rows and dropped tables back to the file (for reuse)
    only at a checkpoint after the transaction that let them go, and the rows a transaction
    writes take blocks of their own: deleting and inserting in one transaction left the old
    rows' blocks free but unused, so the copy cost the changed rows twice over (a 10-authority
    copy with one authority replaced: 265 blocks, 49 of them free, against 190 written whole).
    So the old rows go first, checkpointed, then each table's new rows, each table in a
    transaction of its own, checkpointed, into the blocks set free. The file is not published
    until it is whole (os.replace), so the transactions are the file's business alone."""
    chosen = f"la_code IN {literal_list(scope)}" if scope else None
    connection.execute("BEGIN TRANSACTION")
    for name in sources:
        if name not in keyed:
            connection.execute(f"DROP TABLE main.{identifier(name)}")
        elif chosen:
            connection.execute(f"DELETE FROM main.{identifier(name)} WHERE {chosen}")
    connection.execute("COMMIT")
    connection.execute("CHECKPOINT")
    for name, select in sources.items():
        if name == "snapshot_loads":  # the marts are in
            pause_points.pause_here(pause_points.PUBLISH_WRITING)
        if name not in keyed:
            connection.execute(f"CREATE TABLE main.{identifier(name)} AS {select}")
        elif chosen:
            connection.execute(
                f"INSERT INTO main.{identifier(name)} {select} WHERE {chosen} "
                f"ORDER BY {stored_order(name)}"
            )
        else:
            continue
        connection.execute("CHECKPOINT")


def _update_scope(warehouse: Path, last: Path) -> tuple[str, ...] | None:
    """The authorities whose marts rows changed since the last publication, when updating a
    copy of it gives the same file as writing it anew; None when it must be written anew."""
    if not last.exists():
        return None
    connection = duckdb.connect()
    try:
        connection.execute(f"ATTACH {literal(str(warehouse))} AS warehouse (READ_ONLY)")
        connection.execute(f"ATTACH {literal(str(last))} AS last_publication (READ_ONLY)")
        published = _columns(connection, "last_publication", "main")
        if not all(
            _has_column(published.get(REFRESH_INFO, ()), column)
            for column in ("metrics_built_at", "written_whole_bytes")
        ):
            return None
        (built_at,) = connection.execute(
            f"SELECT max(metrics_built_at) FROM last_publication.main.{REFRESH_INFO}"
        ).fetchall()[0]
        if built_at is None or _last_metrics_build(connection, "warehouse") is None:
            return None
        marts = _columns(connection, "warehouse", MARTS_SCHEMA)
        if published.keys() != {*marts, *_OTHER_TABLES} or any(
            published[name] != columns for name, columns in marts.items()
        ):
            return None
        builds = connection.execute(
            f"SELECT rebuilt_authorities FROM warehouse.{METRICS_BUILDS} WHERE built_at > ?",
            [built_at],
        ).fetchall()
    finally:
        connection.close()
    if any(authorities is None for (authorities,) in builds):
        return None  # a full build since
    return tuple(sorted({la_code for (authorities,) in builds for la_code in authorities}))


def _columns(
    connection: duckdb.DuckDBPyConnection, catalog: str, schema: str
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each table (or view) of a schema: its columns and their types, in order."""
    columns: dict[str, tuple[tuple[str, str], ...]] = {}
    for table, column, data_type in connection.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = ? AND table_schema = ? ORDER BY table_name, ordinal_position",
        [catalog, schema],
    ).fetchall():
        columns[table] = (*columns.get(table, ()), (column, data_type))
    return columns


def _has_column(columns: tuple[tuple[str, str], ...], name: str) -> bool:
    return any(column == name for column, _ in columns)


def _last_metrics_build(connection: duckdb.DuckDBPyConnection, catalog: str) -> datetime | None:
    schema, table = METRICS_BUILDS.split(".")
    exists = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? "
        "AND table_name = ?",
        [catalog, schema, table],
    ).fetchall()[0][0]
    if not exists:
        return None
    return connection.execute(
        f"SELECT max(built_at) FROM {identifier(catalog)}.{METRICS_BUILDS}"
    ).fetchall()[0][0]


def _current_snapshots(catalog: str) -> str:
    """Each authority's newest loaded snapshot: the one its metrics come from."""
    return (
        "SELECT la_code, snapshot_date, finished_at AS loaded_at "
        f"FROM {catalog}.audit.snapshot_loads WHERE status = 'loaded' "
        "QUALIFY row_number() OVER (PARTITION BY la_code ORDER BY snapshot_date DESC, "
        "finished_at DESC) = 1 ORDER BY la_code"
    )


def _redacted_quarantine(catalog: str) -> str:
    """The quarantine as the serving database shows it.

    A row of a table that can name a child (one with a direct identifier: names, UPN, other
    ids, date of birth; every child list of an Annex A workbook, which has the date of birth
    and the worker's name) or hold free text shows only its id, the column (and heading) and
    the rule it broke: no value, in `value` or in `record` (NULL), because a row whose columns
    are shifted puts a forename or a date of birth into any column. So does a row of a table
    this format does not know (a format added later is withheld until it says otherwise). The
    other tables' rows show the value and, in `record`, the format's columns as delivered: a
    file's extra columns could hold a postcode or free text, which never leave the raw layer.
    """
    shown = _shown_tables()
    branches = [
        f"WHEN {literal(table.name)} THEN json_object("
        + ", ".join(f"{literal(c.name)}, record ->> {literal(c.name)}" for c in table.columns)
        + ")"
        for table in shown
    ]
    return (
        "SELECT load_id, la_code, snapshot_date, table_name, source_file, source_row, record_id, "
        f"column_name, {_shown_value(shown)}, rule, "
        f"CASE table_name {' '.join(branches)} END AS record, source_sheet, heading, "
        f"source_element FROM {catalog}.audit.quarantine"
    )


def _redacted_value_notes(catalog: str) -> str:
    """The value notes as the serving database shows them: like the quarantine's, the value of
    a table that can name a child is withheld (the sheet, row, heading and rule remain)."""
    return (
        "SELECT load_id, la_code, snapshot_date, table_name, source_file, source_sheet, "
        f"source_row, record_id, column_name, heading, {_shown_value(_shown_tables())}, rule, "
        f"source_element FROM {catalog}.audit.value_notes"
    )


def _absent_columns_delivered_in(catalog: str) -> str:
    """The columns each load left out, with where the format delivers their table in the words
    messages use (`delivered_in`: "List 4 - Section 47 enquiries of the Annex A workbook", not
    annex_a_list_4)."""
    branches = " ".join(
        f"WHEN {literal(table.name)} THEN {literal(table.delivered_in)}" for table in LOADED_TABLES
    )
    return (
        f"SELECT *, CASE table_name {branches} ELSE table_name END AS delivered_in "
        f"FROM {catalog}.audit.absent_columns"
    )


def _shown_tables() -> list[ExtractTable]:
    return [table for table in LOADED_TABLES if not _can_name_a_child(table)]


def _shown_value(shown: list[ExtractTable]) -> str:
    return (
        f"CASE WHEN table_name IN {literal_list([t.name for t in shown])} THEN value "
        f"WHEN value IS NOT NULL THEN {literal(WITHHELD)} END AS value"
    )


def _can_name_a_child(table: ExtractTable) -> bool:
    """A table with a direct identifier, or whose rows may carry free text (the format keeps no
    extra columns of those)."""
    return not table.keeps_extra_columns or any(
        column.name in DIRECT_IDENTIFIERS for column in table.columns
    )
