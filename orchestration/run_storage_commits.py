"""Dagster's run history in SQLite, committed without waiting for the disk at every event.

Dagster keeps runs and their events in SQLite files under DAGSTER_HOME, in write-ahead-log
mode, and commits every event on its own: a refresh writes hundreds (every asset and check
planned at its start, every result). With SQLite's default `synchronous=FULL`, each commit
waits for the disk (fsync), once or twice per event; on an ordinary disk that was most of a
refresh with little to do: 20 s for a national refresh with nothing new, against 7 s with
DAGSTER_HOME in memory, and 7-10 s with this.

So every SQLite connection opened in a process that loads the definitions commits with
`synchronous=NORMAL`, SQLite's own advice for write-ahead-log mode: the log reaches the disk
at its checkpoints, not at every commit. A killed process loses nothing (the operating system
holds what it wrote; the crash-recovery tests kill refreshes at every step); a machine that
loses power may lose the last events written before it, never the files' consistency. The
warehouse's own record of what was loaded and built is DuckDB's, which this does not touch.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _commit_with_normal_sync(dbapi_connection, _connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")


def commit_without_waiting_for_disk() -> None:
    """For every SQLite connection SQLAlchemy opens in this process from now on (Dagster opens
    one per use of its storage). Calling it again changes nothing."""
    if not event.contains(Engine, "connect", _commit_with_normal_sync):
        event.listen(Engine, "connect", _commit_with_normal_sync)
