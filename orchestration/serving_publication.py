"""Publishing the serving database: what the app reads, replaced whole by each refresh.

A new DuckDB file is written beside CSC_SERVING_PATH, checkpointed and closed, then moved over
the old one with `os.replace` (atomic on one file system). A reader that opened the old file
keeps reading it undisturbed; the next reader opens the new one. Nobody ever sees a half-written
database, and the app never holds a lock that could block a refresh.

The file holds every table of the dbt `marts` schema (whatever is there), the audit tables, a
quarantine with the child's direct identifiers withheld, one row per authority naming its
current snapshot, and `refresh_info` (when and by which run it was published).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from orchestration.extract_format import DIRECT_IDENTIFIERS, TABLES
from orchestration.settings import WarehousePaths
from orchestration.sql_text import identifier, literal, literal_list
from orchestration.warehouse_lock import warehouse_lock
from orchestration.warehouse_schema import utc_now

MARTS_SCHEMA = "marts"
WITHHELD = "(withheld)"


@dataclass(frozen=True)
class Publication:
    path: Path
    published_at: datetime
    row_counts: dict[str, int]  # table -> rows, every table of the file


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
    incoming = target.with_name(f"publishing-{uuid.uuid4().hex}.{target.name}")
    published_at = utc_now()
    try:
        with warehouse_lock(paths.lock_path, log):
            row_counts = _write(incoming, paths.warehouse_path, published_at, run_id)
        os.replace(incoming, target)
    finally:
        for leftover in (incoming, incoming.with_name(incoming.name + ".wal")):
            leftover.unlink(missing_ok=True)
    log(f"Published {target}: {', '.join(f'{t} ({n} rows)' for t, n in row_counts.items())}")
    return Publication(target, published_at, row_counts)


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
    incoming: Path, warehouse: Path, published_at: datetime, run_id: str | None
) -> dict[str, int]:
    connection = duckdb.connect(str(incoming))
    try:
        # Attached under its own name, so views dbt wrote naming their catalog still resolve.
        connection.execute(f"ATTACH {literal(str(warehouse))} (READ_ONLY)")
        (catalog_name,) = connection.execute(
            "SELECT database_name FROM duckdb_databases() WHERE path = ?", [str(warehouse)]
        ).fetchall()[0]
        catalog = identifier(catalog_name)
        marts = [
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_catalog = ? AND table_schema = ? ORDER BY table_name",
                [catalog_name, MARTS_SCHEMA],
            ).fetchall()
        ]
        sources = {
            **{
                name: f"SELECT * FROM {catalog}.{MARTS_SCHEMA}.{identifier(name)}"
                for name in marts
            },
            "snapshot_loads": f"SELECT * FROM {catalog}.audit.snapshot_loads",
            "load_ledger": f"SELECT * FROM {catalog}.audit.load_ledger",
            "quarantine": _redacted_quarantine(catalog),
            "authorities": _current_snapshots(catalog),
        }
        connection.execute("BEGIN TRANSACTION")
        for name, select in sources.items():
            connection.execute(f"CREATE TABLE main.{identifier(name)} AS {select}")
        connection.execute(
            "CREATE TABLE main.refresh_info (published_at TIMESTAMP, run_id VARCHAR)"
        )
        connection.execute("INSERT INTO main.refresh_info VALUES (?, ?)", [published_at, run_id])
        connection.execute("COMMIT")
        connection.execute(f"DETACH {catalog}")
        row_counts = {
            name: connection.execute(
                f"SELECT count(*) FROM main.{identifier(name)}"
            ).fetchall()[0][0]
            for name in [*sources, "refresh_info"]
        }
        connection.execute("CHECKPOINT")
        return row_counts
    finally:
        connection.close()


def _current_snapshots(catalog: str) -> str:
    """Each authority's newest loaded snapshot: the one its metrics come from."""
    return (
        "SELECT la_code, snapshot_date, finished_at AS loaded_at "
        f"FROM {catalog}.audit.snapshot_loads WHERE status = 'loaded' "
        "QUALIFY row_number() OVER (PARTITION BY la_code ORDER BY snapshot_date DESC, "
        "finished_at DESC) = 1 ORDER BY la_code"
    )


def _redacted_quarantine(catalog: str) -> str:
    """The quarantine with a child's direct identifiers withheld, in `value` and in `record`.

    `record` keeps only the format's columns: a file's extra columns could hold a postcode or
    free text, which never leave the raw layer.
    """
    withheld = literal(WITHHELD)
    branches = []
    for table in TABLES:
        pairs = []
        for column in table.columns:
            delivered = f"record ->> {literal(column.name)}"
            if column.name in DIRECT_IDENTIFIERS:
                delivered = f"CASE WHEN {delivered} IS NULL THEN NULL ELSE {withheld} END"
            pairs.append(f"{literal(column.name)}, {delivered}")
        branches.append(f"WHEN {literal(table.name)} THEN json_object({', '.join(pairs)})")
    return (
        "SELECT load_id, la_code, snapshot_date, table_name, source_file, source_row, record_id, "
        f"column_name, CASE WHEN column_name IN {literal_list(DIRECT_IDENTIFIERS)} "
        f"AND value IS NOT NULL THEN {withheld} ELSE value END AS value, rule, "
        f"CASE table_name {' '.join(branches)} END AS record "
        f"FROM {catalog}.audit.quarantine"
    )
