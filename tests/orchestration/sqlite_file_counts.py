"""Dagster's SQLite event log as a process that has loaded no code location has it, and how
many times each of its files is opened or committed to: the event log tests' starting point
and measures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from sqlalchemy import event
from sqlalchemy.engine import Engine

from orchestration import event_batches, event_log_connections


def dagsters_own_event_log(monkeypatch) -> None:
    """Dagster's own connections, events stored one by one, for the test (an earlier test of
    this worker may have loaded the code location)."""
    for name, dagsters in event_log_connections.DAGSTERS_OWN.items():
        monkeypatch.setattr(SqliteEventLogStorage, name, dagsters)
    monkeypatch.setattr(SqliteEventLogStorage, "store_event_batch", event_batches.DAGSTERS_OWN)
    monkeypatch.delenv(event_batches.BATCH_SIZE_VARIABLE, raising=False)


@contextmanager
def openings_counted() -> Iterator[Counter[str]]:
    """How many times each SQLite file is opened (by name) in the block."""
    counts: Counter[str] = Counter()

    def count(dbapi_connection, _record):
        [(_, _, file_name)] = dbapi_connection.execute("PRAGMA database_list").fetchall()
        counts[Path(file_name).name] += 1

    event.listen(Engine, "connect", count)
    try:
        yield counts
    finally:
        event.remove(Engine, "connect", count)


@contextmanager
def commits_counted() -> Iterator[Counter[str]]:
    """How many transactions are committed to each SQLite file (by name) in the block."""
    counts: Counter[str] = Counter()

    def count(connection):
        counts[Path(connection.engine.url.database).name] += 1

    event.listen(Engine, "commit", count)
    try:
        yield counts
    finally:
        event.remove(Engine, "commit", count)


def instance_in(home: Path) -> dg.DagsterInstance:
    home.mkdir(exist_ok=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    return dg.DagsterInstance.from_config(str(home))
