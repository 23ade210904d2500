"""Loading one snapshot: all of it, or (with its faults recorded) nothing.

1. Copy the files into the archive and check the copies' SHA-256 (snapshot_archive).
2. Read every file into DuckDB (csv_staging). Any file-level fault (a required table or column
   missing, a file that is empty, not UTF-8, truncated or ragged) rejects the whole snapshot:
   the rejection and its reasons are recorded in audit.* and nothing else changes.
3. Otherwise, in ONE transaction, tables parents first: apply the validation rules, write the
   broken rows to audit.quarantine and the rest to raw.<table>, then the ledger rows and the
   snapshot's audit.snapshot_loads row. The archive copy takes its final name, and the
   transaction commits. A process killed before the commit leaves the warehouse as it was
   (DuckDB rolls the write-ahead log back on the next open), and the next run loads it again.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from orchestration import validation_rules
from orchestration.csv_inspection import FileFault
from orchestration.csv_staging import StagedFile, drop_staged, stage_file
from orchestration.extract_format import (
    TABLES,
    TABLES_BY_NAME,
    ExtractTable,
    tables_parents_first,
)
from orchestration.load_decisions import Decision
from orchestration.snapshot_archive import ArchiveCopy
from orchestration.snapshot_discovery import Snapshot
from orchestration.warehouse_schema import utc_now

# Test hook: after inserting the raw rows of this table, write the marker file and wait to be
# killed, so a test can interrupt a load at a known point inside its transaction.
PAUSE_AFTER_TABLE_VARIABLE = "CSC_LOADER_PAUSE_AFTER_TABLE"
PAUSE_MARKER_VARIABLE = "CSC_LOADER_PAUSE_MARKER"


@dataclass
class FileOutcome:
    table_name: str
    file_name: str
    source_file: str
    sha256: str
    size_bytes: int
    status: str = "rejected"
    message: str | None = None
    rows_read: int | None = None
    rows_loaded: int | None = None
    rows_quarantined: int | None = None
    started_at: datetime = field(default_factory=lambda: utc_now())
    finished_at: datetime | None = None


@dataclass
class LoadOutcome:
    """One attempt at a snapshot, as recorded in audit.snapshot_loads and audit.load_ledger."""

    label: str
    la_code: str
    snapshot_date: date
    load_id: str
    status: str
    message: str | None
    files: list[FileOutcome]
    started_at: datetime
    finished_at: datetime

    def total(self, attribute: str) -> int:
        return sum(getattr(f, attribute) or 0 for f in self.files)


def load_snapshot(
    connection: duckdb.DuckDBPyConnection,
    decision: Decision,
    archive_dir: Path,
    run_id: str | None,
    log: Callable[[str], None],
) -> LoadOutcome:
    snapshot = decision.snapshot
    started_at = utc_now()
    load_id = str(uuid.uuid4())
    files = _file_outcomes(decision)
    faults = _missing_or_doubled_tables(decision, files)
    archive = ArchiveCopy(
        archive_dir,
        snapshot,
        {f.file_name: decision.facts[f.file_name].sha256 for f in snapshot.files},
    )
    staged: dict[str, tuple[StagedFile, FileOutcome]] = {}
    temporary: list[str] = []  # validation tables, dropped when done
    try:
        for snapshot_file in snapshot.files:
            if snapshot_file.table_name in faults:
                continue
            outcome = files[snapshot_file.file_name]
            try:
                staged_file = stage_file(
                    connection,
                    TABLES_BY_NAME[snapshot_file.table_name],
                    archive.path_of(snapshot_file.file_name),
                    snapshot_file.file_name,
                    decision.facts[snapshot_file.file_name].content_lines,
                )
                staged[snapshot_file.table_name] = (staged_file, outcome)
                outcome.rows_read = staged_file.rows
            except FileFault as fault:
                faults[snapshot_file.table_name] = outcome.message = str(fault)
            outcome.finished_at = utc_now()

        if faults:
            archive.discard()
            message = "; ".join(faults[t.name] for t in TABLES if t.name in faults)
            log(f"Snapshot {snapshot.label} rejected, nothing from it loaded: {message}")
            outcome = _outcome(decision, load_id, "rejected", message, files, started_at)
            _record(connection, outcome, run_id, in_transaction=False)
            return outcome

        connection.execute("BEGIN TRANSACTION")
        try:
            for table in tables_parents_first():
                temporary += _load_table(
                    connection, snapshot, load_id, table, staged.get(table.name)
                )
            outcome = _outcome(decision, load_id, "loaded", None, files, started_at)
            _record(connection, outcome, run_id, in_transaction=True)
            archive.keep()
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        log(
            f"Snapshot {snapshot.label} loaded: {outcome.total('rows_loaded')} rows, "
            f"{outcome.total('rows_quarantined')} quarantined."
        )
        return outcome
    except BaseException:
        archive.discard()
        raise
    finally:
        for staged_file, _ in staged.values():
            drop_staged(connection, staged_file)
        for name in temporary:
            connection.execute(f"DROP TABLE IF EXISTS {name}")


def record_refusal(
    connection: duckdb.DuckDBPyConnection, decision: Decision, run_id: str | None
) -> LoadOutcome:
    """Record that a loaded snapshot's files changed and the change was refused."""
    files = _file_outcomes(decision)
    for file_name, message in decision.file_messages.items():
        if file_name in files:
            files[file_name].message = message
    outcome = _outcome(decision, str(uuid.uuid4()), "rejected", decision.message, files, utc_now())
    _record(connection, outcome, run_id, in_transaction=False)
    return outcome


def _file_outcomes(decision: Decision) -> dict[str, FileOutcome]:
    """A ledger entry for every file of the snapshot, by file name."""
    return {
        f.file_name: FileOutcome(
            f.table_name,
            f.file_name,
            f.source_file,
            decision.facts[f.file_name].sha256,
            decision.facts[f.file_name].size_bytes,
        )
        for f in decision.snapshot.files
    }


def missing_table_fault(table: ExtractTable) -> str:
    return f"{table.file_name} is missing: it is a required table"


def _missing_or_doubled_tables(
    decision: Decision, files: dict[str, FileOutcome]
) -> dict[str, str]:
    faults = {}
    for table in TABLES:
        present = decision.snapshot.files_for(table.name)
        if not present and not table.optional:
            faults[table.name] = missing_table_fault(table)
        elif len(present) > 1:
            names = " and ".join(f.file_name for f in present)
            faults[table.name] = f"{names} both hold table {table.name}: keep one"
            for snapshot_file in present:
                files[snapshot_file.file_name].message = faults[table.name]
    return faults


def _load_table(
    connection: duckdb.DuckDBPyConnection,
    snapshot: Snapshot,
    load_id: str,
    table: ExtractTable,
    staged: tuple[StagedFile, FileOutcome] | None,
) -> list[str]:
    """Quarantine the table's broken rows and insert the rest, inside the open transaction.
    Returns the temporary tables it made (its failures, and a parent's valid identifiers)."""
    valid_ids = validation_rules.valid_ids_table(table.name)
    is_parent = table.name in validation_rules.parent_tables()
    if staged is None:
        if is_parent:
            connection.execute(f"CREATE OR REPLACE TEMP TABLE {valid_ids} (id VARCHAR)")
        return [valid_ids] if is_parent else []
    staged_file, outcome = staged
    failures = f"failures__{table.name}"
    connection.execute(
        f"CREATE OR REPLACE TEMP TABLE {failures} AS "
        + validation_rules.failures_query(staged_file, snapshot.snapshot_date)
    )
    connection.execute(
        "INSERT INTO audit.quarantine "
        "SELECT ?, ?, ?, ?, ?, failure.source_row, "
        f"file_row.{staged_file.delivered_identifier()}, failure.column_name, failure.value, "
        f"failure.rule, {staged_file.record()} "
        f"FROM {failures} AS failure JOIN {staged_file.numbered} AS file_row USING (source_row) "
        "ORDER BY failure.source_row, failure.rule_order",
        [load_id, snapshot.la_code, snapshot.snapshot_date, table.name, outcome.source_file],
    )
    passed = f"source_row NOT IN (SELECT source_row FROM {failures})"
    inserted = connection.execute(
        f"INSERT INTO raw.{table.name} SELECT ?, ?, ?, source_row, "
        f"{', '.join(staged_file.raw_values())} FROM {staged_file.numbered} WHERE {passed}",
        [snapshot.la_code, snapshot.snapshot_date, outcome.source_file],
    ).fetchall()[0][0]
    if is_parent:
        identifier_text = staged_file.faces[table.identifier.name].text
        connection.execute(
            f"CREATE OR REPLACE TEMP TABLE {valid_ids} AS SELECT DISTINCT {identifier_text} "
            f"AS id FROM {staged_file.numbered} WHERE {identifier_text} IS NOT NULL AND {passed}"
        )
    outcome.status = "loaded"
    outcome.rows_loaded = inserted
    outcome.rows_quarantined = staged_file.rows - inserted
    outcome.finished_at = utc_now()
    _pause_if_asked(table.name)
    return [failures, valid_ids] if is_parent else [failures]


def _pause_if_asked(table_name: str) -> None:
    if os.environ.get(PAUSE_AFTER_TABLE_VARIABLE) != table_name:
        return
    Path(os.environ[PAUSE_MARKER_VARIABLE]).write_text(str(os.getpid()))
    while True:
        time.sleep(1)


def _outcome(
    decision: Decision,
    load_id: str,
    status: str,
    message: str | None,
    files: dict[str, FileOutcome],
    started_at: datetime,
) -> LoadOutcome:
    snapshot = decision.snapshot
    finished_at = utc_now()
    for outcome in files.values():
        outcome.finished_at = outcome.finished_at or finished_at
        if status == "rejected":
            outcome.status = "rejected"
            outcome.rows_loaded = 0
            outcome.rows_quarantined = 0
    return LoadOutcome(
        snapshot.label,
        snapshot.la_code,
        snapshot.snapshot_date,
        load_id,
        status,
        message,
        sorted(files.values(), key=lambda f: f.file_name),
        started_at,
        finished_at,
    )


def _record(
    connection: duckdb.DuckDBPyConnection,
    outcome: LoadOutcome,
    run_id: str | None,
    *,
    in_transaction: bool,
) -> None:
    """Write the attempt's audit.snapshot_loads row and its audit.load_ledger rows."""
    if not in_transaction:
        connection.execute("BEGIN TRANSACTION")
    connection.execute(
        "INSERT INTO audit.snapshot_loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            outcome.load_id,
            outcome.la_code,
            outcome.snapshot_date,
            outcome.status,
            outcome.message,
            len(outcome.files),
            outcome.total("rows_read"),
            outcome.total("rows_loaded"),
            outcome.total("rows_quarantined"),
            outcome.started_at,
            outcome.finished_at,
            run_id,
        ],
    )
    ledger_rows = [
        [
            outcome.load_id,
            outcome.la_code,
            outcome.snapshot_date,
            f.table_name,
            f.file_name,
            f.source_file,
            f.sha256,
            f.size_bytes,
            f.rows_read,
            f.rows_loaded,
            f.rows_quarantined,
            f.status,
            f.message,
            f.started_at,
            f.finished_at,
        ]
        for f in outcome.files
    ]
    if ledger_rows:
        connection.executemany(
            "INSERT INTO audit.load_ledger VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ledger_rows,
        )
    if not in_transaction:
        connection.execute("COMMIT")
