"""The snapshots a metrics build was made from, for the auditor who asks "which deliveries is
this number built on?".

Every authority's history is assembled from all its loaded snapshots (docs/architecture.md, "The
assembled history"), so a build is made from every loaded snapshot of every authority: its
authority, extract date, load id, kind of delivery and the files it loaded with their SHA-256
(a workbook once, however many list sheets it held). Read from the audit tables the loader
writes, the same ones dbt's `stg_snapshots` reads (a snapshot loaded twice counts by its last
load, as there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

_SNAPSHOTS = """
WITH loads AS (
    SELECT la_code, snapshot_date, load_id, kind
    FROM audit.snapshot_loads
    WHERE status = 'loaded'
    QUALIFY row_number() OVER (
        PARTITION BY la_code, snapshot_date ORDER BY finished_at DESC, load_id DESC
    ) = 1
)
SELECT
    loads.la_code,
    loads.snapshot_date,
    loads.load_id,
    loads.kind,
    list(DISTINCT [ledger.source_file, ledger.sha256] ORDER BY [ledger.source_file, ledger.sha256])
        FILTER (WHERE ledger.source_file IS NOT NULL)
FROM loads
LEFT JOIN audit.load_ledger AS ledger
    ON ledger.load_id = loads.load_id AND ledger.status = 'loaded'
GROUP BY ALL
ORDER BY loads.la_code, loads.snapshot_date
"""


@dataclass(frozen=True)
class BuiltFromSnapshot:
    la_code: str
    extract_date: date
    load_id: str
    kind: str | None
    files: tuple[tuple[str, str], ...]  # (source file under the landing folder, SHA-256)

    def as_record(self) -> dict[str, str]:
        """The snapshot as one row of words, for a table in the Dagster UI or a column."""
        return {
            "authority": self.la_code,
            "extract date": self.extract_date.isoformat(),
            "load id": self.load_id,
            "kind": self.kind or "",
            "files": "; ".join(f"{name} sha256:{sha}" for name, sha in self.files),
        }


def snapshots_built_from(connection: duckdb.DuckDBPyConnection) -> list[BuiltFromSnapshot]:
    """Every loaded snapshot of every authority, by authority and extract date (none before
    the first load)."""
    if not _has_table(connection, "audit", "snapshot_loads"):
        return []
    return [
        BuiltFromSnapshot(la_code, extract_date, load_id, kind, tuple(tuple(f) for f in files or []))
        for la_code, extract_date, load_id, kind, files in connection.execute(_SNAPSHOTS).fetchall()
    ]


def rows_per_authority(connection: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    """How many rows a table keyed by la_code holds for each authority."""
    return {
        la_code: count
        for la_code, count in connection.execute(
            f"SELECT la_code, count(*) FROM {table} GROUP BY la_code ORDER BY la_code"
        ).fetchall()
    }


def _has_table(connection: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    [(found,)] = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
        [schema, name],
    ).fetchall()
    return found > 0
