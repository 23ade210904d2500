"""What to do with each complete snapshot, from its files' SHA-256 and the audit history.

- never attempted, or its files changed since a rejection: load it;
- loaded before (or loaded and held for review) with exactly these files: nothing to do
  (loading is idempotent);
- rejected before with exactly these files: nothing to do (a bad delivery is not retried every
  run; a corrected re-delivery changes a file and is loaded);
- loaded before (or held), but a file has changed, appeared or gone since: refuse it (a loaded
  snapshot is immutable: its rows are in raw) and record the refusal once, naming the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

import duckdb

from orchestration.file_facts import FileFacts
from orchestration.snapshot_discovery import Snapshot

SnapshotKey = tuple[str, date]
# The statuses of a snapshot whose rows are in raw: in use, or held for review.
IN_RAW = ("loaded", "held")


class Action(Enum):
    LOAD = "load"
    UNCHANGED_LOADED = "already loaded"
    UNCHANGED_REJECTED = "already rejected"
    REFUSE = "refuse"


@dataclass(frozen=True)
class FileRecord:
    """A ledger row: a file, or one list sheet of a workbook."""

    file_name: str
    table_name: str
    sha256: str
    status: str
    message: str | None
    rows_loaded: int | None
    rows_quarantined: int | None


@dataclass(frozen=True)
class Attempt:
    load_id: str
    status: str  # loaded | held (loaded, held for review) | rejected
    message: str | None
    finished_at: datetime
    files: dict[tuple[str, str], FileRecord]  # by file name and table (a workbook: per list)

    def fingerprint(self) -> dict[str, str]:
        return {record.file_name: record.sha256 for record in self.files.values()}


@dataclass
class LoadHistory:
    """Per snapshot, its loaded attempt (if any: loaded, or held for review, its rows in raw)
    and its latest attempt."""

    loaded: dict[SnapshotKey, Attempt] = field(default_factory=dict)
    latest: dict[SnapshotKey, Attempt] = field(default_factory=dict)

    @classmethod
    def read(cls, connection: duckdb.DuckDBPyConnection) -> LoadHistory:
        files: dict[str, dict[tuple[str, str], FileRecord]] = {}
        for load_id, file_name, table_name, *record in connection.execute(
            "SELECT load_id, file_name, table_name, sha256, status, message, rows_loaded, "
            "rows_quarantined FROM audit.load_ledger"
        ).fetchall():
            files.setdefault(load_id, {})[(file_name, table_name)] = FileRecord(
                file_name, table_name, *record
            )
        history = cls()
        for load_id, la_code, snapshot_date, status, message, finished_at in connection.execute(
            "SELECT load_id, la_code, snapshot_date, status, message, finished_at "
            "FROM audit.snapshot_loads ORDER BY finished_at, load_id"
        ).fetchall():
            attempt = Attempt(load_id, status, message, finished_at, files.get(load_id, {}))
            key = (la_code, snapshot_date)
            history.latest[key] = attempt
            if status in IN_RAW:
                history.loaded[key] = attempt
        return history


@dataclass(frozen=True)
class Decision:
    snapshot: Snapshot
    action: Action
    facts: dict[str, FileFacts]  # by file name
    message: str | None = None  # why refused, or the earlier rejection's message
    file_messages: dict[str, str] = field(default_factory=dict)  # refusal: per changed file


def decide(snapshot: Snapshot, facts: dict[str, FileFacts], history: LoadHistory) -> Decision:
    key = (snapshot.la_code, snapshot.snapshot_date)
    current = {name: fact.sha256 for name, fact in facts.items()}
    loaded, latest = history.loaded.get(key), history.latest.get(key)
    if loaded is not None and loaded.fingerprint() == current:
        return Decision(snapshot, Action.UNCHANGED_LOADED, facts)
    if latest is not None and latest.status == "rejected" and latest.fingerprint() == current:
        return Decision(snapshot, Action.UNCHANGED_REJECTED, facts, latest.message)
    if loaded is None:
        return Decision(snapshot, Action.LOAD, facts)
    changes = _changes(loaded.fingerprint(), current)
    message = (
        f"Snapshot {snapshot.label} was loaded on {loaded.finished_at:%Y-%m-%d %H:%M} and a "
        f"loaded snapshot never changes, but since then {'; '.join(changes.values())}. The "
        "snapshot as first loaded stays in the warehouse; deliver corrections as a new snapshot "
        "with a later extract date, or put the original files back."
    )
    return Decision(snapshot, Action.REFUSE, facts, message, changes)


def _changes(before: dict[str, str], now: dict[str, str]) -> dict[str, str]:
    """Plain words for each file that changed, appeared or went, by file name."""
    changes = {}
    for name in sorted(before.keys() | now.keys()):
        if name not in now:
            changes[name] = f"{name} has been removed"
        elif name not in before:
            changes[name] = f"{name} has been added"
        elif before[name] != now[name]:
            changes[name] = (
                f"{name} has changed (SHA-256 was {before[name][:12]}…, now {now[name][:12]}…)"
            )
    return changes
