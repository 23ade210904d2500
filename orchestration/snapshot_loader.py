"""Loading a batch of snapshots: each one all of it, or (with its faults recorded) nothing.

1. Copy every file into the archive, hashing as it goes, and check each copy's SHA-256 against
   the one the decision to load rested on (snapshot_archive).
2. Read the files into DuckDB, one statement per table for the whole batch (csv_staging). Any
   file-level fault (a required table or column missing, a file that is empty, not UTF-8,
   truncated or ragged) rejects that file's whole snapshot: the rejection and its reasons are
   recorded in audit.* and nothing else of it changes. The batch's other snapshots load.
3. Then, in ONE transaction, tables parents first: apply the validation rules, write the
   broken rows to audit.quarantine and the rest to raw.<table>, then the ledger rows and each
   snapshot's audit.snapshot_loads row: `loaded`, or `held` for review when, against the rules
   and the authority's previous snapshot, it would replace good figures with bad ones
   (delivery_holds: its rows are in raw, the metrics do not use it). The archive copies take
   their final names, and the transaction commits. A process killed before the commit leaves the warehouse as it was
   (DuckDB rolls the write-ahead log back on the next open), and the next run loads them again.

Every rule keeps to its own snapshot, so loading snapshots together gives exactly the rows,
quarantine and ledger that loading them one by one would.

An Annex A workbook goes the same way: its archive copy is read first (workbook_reading: a
workbook that cannot be read, or lacks a required list, rejects its snapshot), each list sheet
is staged like a CSV table's file (workbook_staging) and checked by the same rules, and its
ledger has one row per list sheet (rows read = rows loaded + rows quarantined, per sheet). A
value that could not be read in a column that is not required is loaded as empty and written to
audit.value_notes, beside the quarantine. A folder with files of two kinds of delivery, or of
none, is rejected whole.

A CIN census return goes the same way again: its archive copy is read by the safe streaming
reader (census_reading: XML that is not well formed, hostile, not a CIN census message or
another authority's rejects its snapshot), each table of its records is staged like a CSV
table's file (census_staging) and checked by the same rules, a record nested in a quarantined
one being quarantined with it, and its ledger has one row per table (record family). When the
authority supplied the DfE schema of the return's year (census_schema_check), its errors are
written to audit.value_notes beside the quarantine.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from orchestration import (
    delivery_holds,
    delivery_kinds,
    pause_points,
    validation_rules,
    worker_pseudonyms,
)
from orchestration.census_format import CENSUS_TABLES, CIN_CENSUS
from orchestration.census_reading import CensusContents, CensusFault, read_return
from orchestration.census_schema_check import SchemaError, schema_errors, schema_file
from orchestration.census_staging import ReturnToStage, stage_returns
from orchestration.csv_staging import (
    FileToStage,
    StagedGroup,
    StagedTable,
    drop_staged,
    stage_table,
)
from orchestration.extract_format import TABLES, ExtractTable, tables_parents_first
from orchestration.load_decisions import Decision
from orchestration.plain_words import joined
from orchestration.settings import DeliveryLimits
from orchestration.snapshot_archive import ArchiveCopy, copy_snapshots
from orchestration.snapshot_discovery import SnapshotFile
from orchestration.warehouse_schema import utc_now
from orchestration.workbook_format import ANNEX_A, LIST_TABLES
from orchestration.workbook_reading import WorkbookContents, WorkbookFault, read_workbook
from orchestration.workbook_staging import SheetToStage, ledger_key, stage_lists


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
    rows_cascaded: int | None = None  # of the quarantined, those whose child or parent was
    absent_columns: tuple[str, ...] = ()  # the format's columns the file leaves out
    started_at: datetime = field(default_factory=lambda: utc_now())
    finished_at: datetime | None = None
    sheet_name: str | None = None  # a workbook's list: its sheet's name as delivered


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
    kind: str | None = None  # the kind of delivery (delivery_kinds); None: not recognised
    notes: str | None = None  # what the load ignored or should be told, in plain words

    def total(self, attribute: str) -> int:
        return sum(getattr(f, attribute) or 0 for f in self.files)


@dataclass
class _Attempt:
    """One snapshot of the batch while it loads."""

    decision: Decision
    load_id: str
    files: dict[str, FileOutcome]  # by ledger key: a CSV file's name; a list sheet's key
    faults: dict[str, str]  # file-level faults, by table name (or the kind, for a whole file)
    archive: ArchiveCopy
    workbook: WorkbookContents | None = None
    notes: list[str] = field(default_factory=list)
    census: CensusContents | None = None
    schema_errors: list[SchemaError] = field(default_factory=list)


def load_snapshots(
    connection: duckdb.DuckDBPyConnection,
    decisions: Sequence[Decision],
    archive_dir: Path,
    run_id: str | None,
    log: Callable[[str], None],
    pseudonym_key: str | None = None,
    census_schema_dir: Path | None = None,
    limits: DeliveryLimits = DeliveryLimits(),
) -> list[LoadOutcome]:
    """Load the decisions' snapshots together; their outcomes, in the decisions' order.
    `pseudonym_key` (worker_pseudonyms) is needed when a workbook is among them;
    `census_schema_dir` holds the DfE schemas CIN census returns are checked against
    (census_schema_check), if any; `limits`: the plausible dates and what holds a delivery
    for review."""
    started_at = utc_now()
    archives = copy_snapshots(
        archive_dir,
        [
            (d.snapshot, {f.file_name: d.facts[f.file_name].sha256 for f in d.snapshot.files})
            for d in decisions
        ],
    )
    pause_points.pause_here(pause_points.LOAD_ARCHIVED)
    attempts = [
        _attempt(decision, archive, census_schema_dir)
        for decision, archive in zip(decisions, archives)
    ]
    staged: list[StagedTable] = []
    temporary: list[str] = []  # validation tables, dropped when done
    try:
        for table in tables_parents_first():
            staged.append(_stage(connection, table, attempts))
        for table in LIST_TABLES:
            staged.append(_stage_sheets(connection, table, attempts))
        for table in CENSUS_TABLES:
            staged.append(_stage_records(connection, table, attempts))
        outcomes: dict[str, LoadOutcome] = {}
        loading = [a for a in attempts if not a.faults]
        for attempt in attempts:
            if attempt.faults:
                outcomes[attempt.load_id] = _reject(connection, attempt, started_at, run_id, log)
        if loading:
            kept = frozenset(attempts.index(a) for a in loading)
            workbooks = any(a.workbook is not None for a in loading)
            if workbooks:
                if pseudonym_key is None:
                    raise ValueError("loading a workbook needs the warehouse's pseudonym key")
                worker_pseudonyms.use_key(connection, pseudonym_key)
            connection.execute("BEGIN TRANSACTION")
            try:
                for staged_table in staged:
                    temporary += _load_table(connection, staged_table, kept, attempts, limits)
                for attempt in loading:
                    _note_schema_errors(connection, attempt)
                for attempt in loading:  # in date order: each is compared with the one before
                    status, message = _held_or_loaded(connection, attempt, limits)
                    outcome = _outcome(attempt, status, message, started_at)
                    outcomes[attempt.load_id] = outcome
                    _record(connection, outcome, run_id, in_transaction=True)
                for attempt in loading:
                    attempt.archive.keep()
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            finally:
                if workbooks:
                    worker_pseudonyms.forget_key(connection)
            for attempt in loading:
                outcome = outcomes[attempt.load_id]
                counts = (
                    f"{outcome.total('rows_loaded')} rows, "
                    f"{outcome.total('rows_quarantined')} quarantined"
                )
                if outcome.status == delivery_holds.HELD:
                    log(
                        f"Snapshot {outcome.label} held for review ({counts}): loaded into raw "
                        f"for inspection, not used for the figures: {outcome.message}"
                    )
                else:
                    log(f"Snapshot {outcome.label} loaded: {counts}.")
        return [outcomes[attempt.load_id] for attempt in attempts]
    except BaseException:
        for archive in archives:
            archive.discard()
        raise
    finally:
        for staged_table in staged:
            drop_staged(connection, staged_table)
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
    attempt = _Attempt(decision, str(uuid.uuid4()), files, {}, None)  # type: ignore[arg-type]
    outcome = _outcome(attempt, "rejected", decision.message, utc_now())
    _record(connection, outcome, run_id, in_transaction=False)
    return outcome


def _stage(
    connection: duckdb.DuckDBPyConnection, table: ExtractTable, attempts: list[_Attempt]
) -> StagedTable:
    """Read the table's file of every snapshot that has one; note rows read and faults."""
    outcomes: dict[FileToStage, tuple[_Attempt, FileOutcome]] = {}
    for number, attempt in enumerate(attempts):
        if table.name in attempt.faults:  # missing, or delivered twice
            continue
        snapshot = attempt.decision.snapshot
        for snapshot_file in snapshot.files_for(table.name):
            file = FileToStage(
                path=attempt.archive.path_of(snapshot_file.file_name),
                file_name=snapshot_file.file_name,
                source_file=snapshot_file.source_file,
                la_code=snapshot.la_code,
                snapshot_date=snapshot.snapshot_date,
                snapshot=number,
                load_id=attempt.load_id,
                content_lines=attempt.decision.facts[snapshot_file.file_name].content_lines,
                nul_line=attempt.decision.facts[snapshot_file.file_name].nul_line,
            )
            outcomes[file] = (attempt, attempt.files[snapshot_file.file_name])
    staged = stage_table(connection, table, outcomes)
    for file, rows in staged.rows_read().items():
        outcomes[file][1].rows_read = rows
    for group in staged.groups:
        for file in group.files:
            outcomes[file][1].absent_columns = group.absent_columns()
    for file, message in staged.faults.items():
        attempt, outcome = outcomes[file]
        attempt.faults[table.name] = outcome.message = message
    finished_at = utc_now()
    for _, outcome in outcomes.values():
        outcome.finished_at = finished_at
    return staged


def _stage_sheets(
    connection: duckdb.DuckDBPyConnection, table: ExtractTable, attempts: list[_Attempt]
) -> StagedTable:
    """Read the list's sheet of every workbook of the batch that has one; note rows read."""
    sheets = [
        SheetToStage(sheet=sheet, **_single_file(attempt, number))
        for number, attempt in enumerate(attempts)
        if attempt.workbook is not None and not attempt.faults
        for sheet in attempt.workbook.lists
        if sheet.table.name == table.name
    ]
    return _rows_read(stage_lists(connection, table, sheets), attempts)


def _stage_records(
    connection: duckdb.DuckDBPyConnection, table: ExtractTable, attempts: list[_Attempt]
) -> StagedTable:
    """Stage the table's records of every census return of the batch; note records read."""
    returns = [
        ReturnToStage(records=attempt.census.tables[table.name], **_single_file(attempt, number))
        for number, attempt in enumerate(attempts)
        if attempt.census is not None and not attempt.faults
    ]
    return _rows_read(stage_returns(connection, table, returns), attempts)


def _single_file(attempt: _Attempt, number: int) -> dict:
    """What staging needs to know of the one file of a snapshot delivered as one (a workbook,
    a census return), the batch's `number`th."""
    snapshot = attempt.decision.snapshot
    (delivered,) = snapshot.files
    return {
        "path": attempt.archive.path_of(delivered.file_name),
        "file_name": delivered.file_name,
        "source_file": delivered.source_file,
        "la_code": snapshot.la_code,
        "snapshot_date": snapshot.snapshot_date,
        "snapshot": number,
        "load_id": attempt.load_id,
    }


def _rows_read(staged: StagedTable, attempts: list[_Attempt]) -> StagedTable:
    """Note the rows read of each staged part of a file (a list sheet, a return's table) in
    its ledger entry."""
    finished_at = utc_now()
    for group in staged.groups:
        for index, part in enumerate(group.files):
            outcome = attempts[part.snapshot].files[part.ledger_key]
            outcome.rows_read = group.rows[index]
            if isinstance(part, SheetToStage):  # a list sheet: the columns its headings lack
                outcome.absent_columns = tuple(
                    c.name for c in group.table.columns if c.name not in part.sheet.headings
                )
            outcome.finished_at = finished_at
    return staged


def _attempt(
    decision: Decision, archive: ArchiveCopy, census_schema_dir: Path | None = None
) -> _Attempt:
    """The snapshot's attempt, with the faults found before its tables are read: a folder of
    two kinds or none; an SSD extract's tables missing, doubled or linked; a workbook that is a
    symbolic link, or cannot be read. A workbook is read here, from its archive copy."""
    snapshot = decision.snapshot
    attempt = _Attempt(decision, str(uuid.uuid4()), _file_outcomes(decision), {}, archive)
    if snapshot.unknown_files:
        attempt.notes.append(
            "files that are not part of the delivery, ignored: "
            + joined(sorted(snapshot.unknown_files))
        )
    if snapshot.fault is not None:
        attempt.faults["folder"] = snapshot.fault
    elif snapshot.kind == delivery_kinds.SSD:
        attempt.faults = _snapshot_faults(decision, attempt.files)
    elif any(f.link_target is not None for f in snapshot.files):
        for linked in (f for f in snapshot.files if f.link_target is not None):
            attempt.files[linked.file_name].message = link_fault(linked)
            attempt.faults[linked.table_name] = link_fault(linked)
    elif snapshot.kind == delivery_kinds.ANNEX_A:
        _read_workbook(attempt)
    elif snapshot.kind == delivery_kinds.CIN_CENSUS:
        _read_census(attempt, census_schema_dir)
    return attempt


def _whole_file_entry(whole_file: FileOutcome, table_name: str, **values) -> FileOutcome:
    """A ledger entry of one table of a file that holds several (a workbook's list, a
    return's records of one table)."""
    return FileOutcome(
        table_name,
        whole_file.file_name,
        whole_file.source_file,
        whole_file.sha256,
        whole_file.size_bytes,
        **values,
    )


def _read_census(attempt: _Attempt, census_schema_dir: Path | None) -> None:
    """Read the attempt's census return: its ledger entries become one per table of the
    format, or one for the fault that rejects it; then check it against the DfE schema of its
    year, when the authority supplied one."""
    snapshot = attempt.decision.snapshot
    (return_file,) = snapshot.files
    whole_file = attempt.files.pop(return_file.file_name)
    path = attempt.archive.path_of(return_file.file_name)
    try:
        contents = read_return(path, return_file.file_name, snapshot.la_code)
    except CensusFault as fault:
        attempt.files[ledger_key(whole_file.file_name, CIN_CENSUS.name)] = _whole_file_entry(
            whole_file, CIN_CENSUS.name, message=str(fault)
        )
        attempt.faults[CIN_CENSUS.name] = str(fault)
        return
    attempt.census = contents
    attempt.notes += contents.notes
    for table in CENSUS_TABLES:
        attempt.files[ledger_key(whole_file.file_name, table.name)] = _whole_file_entry(
            whole_file, table.name, rows_read=contents.tables[table.name].rows
        )
    schema = schema_file(census_schema_dir, contents.reference_date.year)
    if schema is not None:
        attempt.schema_errors = schema_errors(path, schema)
        attempt.notes.append(
            f"checked against the DfE schema {schema.name}: "
            + (f"{len(attempt.schema_errors)} errors noted" if attempt.schema_errors else "no errors")
        )


def _note_schema_errors(connection: duckdb.DuckDBPyConnection, attempt: _Attempt) -> None:
    """The return's schema errors, as value notes of its whole file (table `cin_census`)."""
    if not attempt.schema_errors:
        return
    snapshot = attempt.decision.snapshot
    (return_file,) = snapshot.files
    connection.executemany(
        "INSERT INTO audit.value_notes (load_id, la_code, snapshot_date, table_name, "
        "source_file, source_element, value, rule) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                attempt.load_id,
                snapshot.la_code,
                snapshot.snapshot_date,
                CIN_CENSUS.name,
                return_file.source_file,
                error.element or None,
                error.value,
                error.rule,
            ]
            for error in attempt.schema_errors
        ],
    )


def _read_workbook(attempt: _Attempt) -> None:
    """Read the attempt's workbook: its ledger entries become one per list sheet, or one per
    fault (by the list it concerns, or the whole file)."""
    (workbook_file,) = attempt.decision.snapshot.files
    whole_file = attempt.files.pop(workbook_file.file_name)

    def entry(table_name: str, **values) -> FileOutcome:
        return _whole_file_entry(whole_file, table_name, **values)

    try:
        contents = read_workbook(
            attempt.archive.path_of(workbook_file.file_name), workbook_file.file_name, ANNEX_A
        )
    except WorkbookFault as fault:
        for tables, message in fault.faults:
            for table_name in tables or (ANNEX_A.name,):
                attempt.files[ledger_key(whole_file.file_name, table_name)] = entry(
                    table_name, message=message
                )
            attempt.faults.setdefault(tables[0] if tables else ANNEX_A.name, message)
        return
    attempt.workbook = contents
    attempt.notes += contents.notes
    for sheet in contents.lists:
        attempt.files[ledger_key(whole_file.file_name, sheet.table.name)] = entry(
            sheet.table.name, sheet_name=sheet.sheet_name, rows_read=len(sheet.rows)
        )


def _reject(
    connection: duckdb.DuckDBPyConnection,
    attempt: _Attempt,
    started_at: datetime,
    run_id: str | None,
    log: Callable[[str], None],
) -> LoadOutcome:
    attempt.archive.discard()
    if attempt.decision.snapshot.kind == delivery_kinds.SSD:
        message = "; ".join(attempt.faults[t.name] for t in TABLES if t.name in attempt.faults)
    else:
        message = "; ".join(dict.fromkeys(attempt.faults.values()))
    log(f"Snapshot {attempt.decision.snapshot.label} rejected, nothing from it loaded: {message}")
    outcome = _outcome(attempt, "rejected", message, started_at)
    _record(connection, outcome, run_id, in_transaction=False)
    return outcome


def _held_or_loaded(
    connection: duckdb.DuckDBPyConnection, attempt: _Attempt, limits: DeliveryLimits
) -> tuple[str, str | None]:
    """The loaded snapshot's status and message: held for review, and why, or loaded. The
    ledger entry of each table that holds it carries that table's reason."""
    counts = [
        delivery_holds.TableCount(
            f.table_name, f.rows_read or 0, f.rows_quarantined or 0, f.rows_cascaded or 0
        )
        for f in attempt.files.values()
        if f.status == "loaded"
    ]
    snapshot = attempt.decision.snapshot
    kinds = {delivery_holds.kind_of_table(count.table_name) for count in counts}
    previous = (
        delivery_holds.previous_snapshot(
            connection, snapshot.la_code, snapshot.snapshot_date, kinds.pop()
        )
        if len(kinds) == 1
        else None
    )
    reasons = delivery_holds.hold_reasons(counts, previous, limits)
    if not reasons:
        return "loaded", None
    for f in attempt.files.values():
        if f.table_name in reasons:
            f.message = reasons[f.table_name].words
    return delivery_holds.HELD, delivery_holds.held_message(reasons, limits)


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


def link_fault(snapshot_file: SnapshotFile) -> str:
    return (
        f"{snapshot_file.file_name} is a symbolic link (to {snapshot_file.link_target}): links "
        "in the landing folder are not followed; put the file itself in the snapshot folder"
    )


def _snapshot_faults(decision: Decision, files: dict[str, FileOutcome]) -> dict[str, str]:
    """The faults found before any file is read: tables missing, delivered twice, or linked."""
    faults = {}
    for table in TABLES:
        present = decision.snapshot.files_for(table.name)
        linked = [f for f in present if f.link_target is not None]
        for snapshot_file in linked:
            files[snapshot_file.file_name].message = link_fault(snapshot_file)
        if linked:
            faults[table.name] = "; ".join(link_fault(f) for f in linked)
        elif not present and not table.optional:
            faults[table.name] = missing_table_fault(table)
        elif len(present) > 1:
            names = " and ".join(f.file_name for f in present)
            faults[table.name] = f"{names} both hold table {table.name}: keep one"
            for snapshot_file in present:
                files[snapshot_file.file_name].message = faults[table.name]
    return faults


def _load_table(
    connection: duckdb.DuckDBPyConnection,
    staged: StagedTable,
    kept: frozenset[int],
    attempts: list[_Attempt],
    limits: DeliveryLimits,
) -> list[str]:
    """Quarantine the table's broken rows and insert the rest, for the snapshots (by number)
    that load, inside the open transaction. Returns the temporary tables it made (failures,
    and a parent's valid identifiers)."""
    table = staged.table
    valid_ids = None
    made = []
    if table.name in validation_rules.parent_tables():
        valid_ids = validation_rules.valid_ids_table(table.name)
        dates = "".join(f", {column} DATE" for column in validation_rules.parent_date_columns(table.name))
        connection.execute(
            f"CREATE OR REPLACE TEMP TABLE {valid_ids} (snapshot BIGINT, id VARCHAR{dates})"
        )
        made.append(valid_ids)
    for group in staged.groups:
        loading = frozenset(i for i, f in enumerate(group.files) if f.snapshot in kept)
        if loading:
            made.append(_load_group(connection, group, loading, valid_ids, limits))
            _count_rows(connection, group, loading, made[-1], attempts)
    pause_points.pause_here(pause_points.load_table(table.name))
    return made


def _load_group(
    connection: duckdb.DuckDBPyConnection,
    group: StagedGroup,
    loading: frozenset[int],
    valid_ids: str | None,
    limits: DeliveryLimits,
) -> str:
    """Validate and insert the group's files that load; returns its failures table.

    A row is quarantined when it breaks a rule that costs the row; every rule it broke is then
    in the quarantine. A loaded row's other failures (values it could not read where the format
    notes them instead) go to audit.value_notes."""
    group.number_rows(connection, loading)
    failures = group.staged.replace("staged__", "failures__", 1)
    connection.execute(
        f"CREATE OR REPLACE TEMP TABLE {failures} AS "
        + validation_rules.failures_query(group, limits)
    )
    quarantined = f"(SELECT staged_row FROM {failures} WHERE costs_row)"
    joined_rows = (
        f"FROM {failures} AS failure JOIN {group.numbered} AS file_row USING (staged_row) "
    )
    order = "ORDER BY failure.file_index, failure.source_row, failure.rule_order"
    connection.execute(
        "INSERT INTO audit.quarantine "
        "SELECT file_row.load_id, file_row.la_code, file_row.snapshot_date, ?, "
        "file_row.source_file, failure.source_row, "
        f"file_row.{group.delivered_identifier()}, failure.column_name, failure.value, "
        f"failure.rule, {group.record()}, {group.source_sheet}, "
        f"{group.heading('failure.column_name')}, {group.source_element} "
        f"{joined_rows}WHERE failure.staged_row IN {quarantined} {order}",
        [group.table.name],
    )
    if group.table.notes_unreadable_optional or group.unsaved_formulas is not None:
        connection.execute(
            "INSERT INTO audit.value_notes "
            "SELECT file_row.load_id, file_row.la_code, file_row.snapshot_date, ?, "
            f"file_row.source_file, {group.source_sheet}, failure.source_row, "
            f"file_row.{group.delivered_identifier()}, failure.column_name, "
            f"{group.heading('failure.column_name')}, failure.value, failure.rule, "
            f"{group.source_element} "
            f"{joined_rows}WHERE failure.staged_row NOT IN {quarantined} {order}",
            [group.table.name],
        )
    passed = f"staged_row NOT IN {quarantined}"
    connection.execute(
        f"INSERT INTO raw.{group.table.name} SELECT {', '.join(group.raw_row())} "
        f"FROM {group.numbered} WHERE {passed}"
    )
    if valid_ids is not None:
        identifier_text = group.valid_id()
        # A parent date the file leaves out reads as unknown: no row is held to it.
        dates = "".join(
            f", {group.faces[column].parsed if column in group.faces else 'NULL'}"
            for column in validation_rules.parent_date_columns(group.table.name)
        )
        connection.execute(
            f"INSERT INTO {valid_ids} SELECT DISTINCT snapshot, {identifier_text}{dates} "
            f"FROM {group.numbered} WHERE {identifier_text} IS NOT NULL AND {passed}"
        )
    return failures


def _count_rows(
    connection: duckdb.DuckDBPyConnection,
    group: StagedGroup,
    loading: frozenset[int],
    failures: str,
    attempts: list[_Attempt],
) -> None:
    """Each loaded file's rows loaded and quarantined, for its ledger entry."""
    counted = connection.execute(
        f"SELECT file_index, count(DISTINCT staged_row), "
        f"count(DISTINCT staged_row) FILTER (WHERE cascade) FROM {failures} WHERE costs_row "
        "GROUP BY file_index"
    ).fetchall()
    quarantined = {index: rows for index, rows, _ in counted}
    cascaded = {index: rows for index, _, rows in counted}
    finished_at = utc_now()
    for index in loading:
        file = group.files[index]
        outcome = attempts[file.snapshot].files[file.ledger_key]
        outcome.status = "loaded"
        outcome.rows_quarantined = quarantined.get(index, 0)
        outcome.rows_cascaded = cascaded.get(index, 0)
        outcome.rows_loaded = group.rows[index] - outcome.rows_quarantined
        outcome.finished_at = finished_at


def _outcome(
    attempt: _Attempt, status: str, message: str | None, started_at: datetime
) -> LoadOutcome:
    snapshot = attempt.decision.snapshot
    finished_at = utc_now()
    for outcome in attempt.files.values():
        outcome.finished_at = outcome.finished_at or finished_at
        if status == "rejected":
            outcome.status = "rejected"
            outcome.rows_loaded = 0
            outcome.rows_quarantined = 0
    return LoadOutcome(
        snapshot.label,
        snapshot.la_code,
        snapshot.snapshot_date,
        attempt.load_id,
        status,
        message,
        sorted(attempt.files.values(), key=lambda f: (f.file_name, f.table_name)),
        started_at,
        finished_at,
        kind=snapshot.kind,
        notes="; ".join(attempt.notes) or None,
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
        "INSERT INTO audit.snapshot_loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            outcome.load_id,
            outcome.la_code,
            outcome.snapshot_date,
            outcome.status,
            outcome.message,
            len({f.file_name for f in outcome.files}),
            outcome.total("rows_read"),
            outcome.total("rows_loaded"),
            outcome.total("rows_quarantined"),
            outcome.started_at,
            outcome.finished_at,
            run_id,
            outcome.kind,
            outcome.notes,
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
            f.sheet_name,
        ]
        for f in outcome.files
    ]
    _insert_rows(connection, "audit.load_ledger", ledger_rows)
    absent = [
        [outcome.load_id, outcome.la_code, outcome.snapshot_date, f.table_name, column]
        for f in outcome.files
        if f.status == "loaded"
        for column in f.absent_columns
    ]
    _insert_rows(connection, "audit.absent_columns", absent)
    if not in_transaction:
        connection.execute("COMMIT")


def _insert_rows(connection: duckdb.DuckDBPyConnection, table: str, rows: list[list]) -> None:
    """Insert the rows in one statement: executemany runs one statement per row, which at
    national scale (thousands of ledger rows) costs seconds."""
    if not rows:
        return
    row = "(" + ", ".join("?" * len(rows[0])) + ")"
    connection.execute(
        f"INSERT INTO {table} VALUES " + ", ".join([row] * len(rows)),
        [value for values in rows for value in values],
    )
