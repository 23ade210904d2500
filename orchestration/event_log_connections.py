"""Dagster's event log in SQLite, written without opening its files anew at every event.

Dagster keeps each run's events in a SQLite file of its own and mirrors every asset and check
event into one index file; for every event it creates a SQLAlchemy engine, opens the file,
writes, commits, closes and throws the engine away, two or three times over. A refresh writes
hundreds of events (every asset and check planned at its start, every check's result), and
that opening and closing was most of a refresh with nothing to do: the last connection to a
file in write-ahead-log mode checkpoints it when it closes, and a new engine compiles every
statement again.

So in a process that loads the definitions (the run's), the event log keeps, per file, one
engine for the process's life, and its connection stays open between events (its pool keeps
one). Other processes read and write the files as before (write-ahead log; an idle connection
holds no lock). The UI follows a running run by watching its own file change, which it did
when each event closed the file (the checkpoint at close): a run's file is now checkpointed
after each commit instead (a passive checkpoint, which waits for no reader), so every event
still reaches the file itself as it is committed. Nothing watches the index file.

What is written, and where, is unchanged: the same statements, in the same transactions,
except inside `one_transaction_per_file` (orchestration/event_batches.py): there this thread's
writes to the files it names share one transaction per file.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SqliteEventLogStorage,
)
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine

# A process writes one run at a time; the UI's code server may read a few.
RUN_ENGINES_KEPT = 4
# What this replaces, as Dagster wrote it.
DAGSTERS_OWN = {
    name: getattr(SqliteEventLogStorage, name) for name in ("_connect", "has_table", "dispose")
}


class KeptEngines:
    """One storage's engines, by shard (the index's and the latest runs'), each pooled."""

    def __init__(self, storage: SqliteEventLogStorage):
        self._storage = storage
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        self._lock = threading.Lock()  # not the storage's: has_table runs under that one
        # The connections of this thread's one_transaction_per_file, by shard.
        self._held = threading.local()

    @staticmethod
    def of(storage: SqliteEventLogStorage) -> KeptEngines:
        kept = storage.__dict__.get("_kept_engines")
        if kept is None:
            kept = storage.__dict__.setdefault("_kept_engines", KeptEngines(storage))
        return kept

    def engine(self, shard: str) -> Engine:
        with self._lock:
            if shard in self._engines:
                self._engines.move_to_end(shard)
                return self._engines[shard]
            engine = self._engines[shard] = create_engine(
                self._storage.conn_string_for_shard(shard),
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
                pool_size=1,
                max_overflow=4,
            )
            runs = [name for name in self._engines if name != INDEX_SHARD_NAME]
            for old in runs[:-RUN_ENGINES_KEPT]:
                self._engines.pop(old).dispose()
            return engine

    def held(self) -> dict[str, Connection]:
        if not hasattr(self._held, "connections"):
            self._held.connections = {}
        return self._held.connections

    def dispose(self) -> None:
        with self._lock:
            for engine in self._engines.values():
                engine.dispose()
            self._engines.clear()


@contextmanager
def _transaction(self: SqliteEventLogStorage, shard: str) -> Iterator[Connection]:
    # The body of Dagster's own _connect, with the engine kept instead of made and disposed of
    # each time. The caller holds the storage's lock.
    engine = KeptEngines.of(self).engine(shard)
    if shard not in self._initialized_dbs:
        self._initdb(engine)
        self._initialized_dbs.add(shard)
    with engine.connect() as conn:
        with conn.begin():
            yield conn
        if shard != INDEX_SHARD_NAME:
            # What the UI watches: the run's file itself changes at every commit.
            conn.connection.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")


@contextmanager
def _connect(self: SqliteEventLogStorage, shard: str) -> Iterator[Connection]:
    held = KeptEngines.of(self).held().get(shard)
    if held is not None:
        # Inside this thread's one_transaction_per_file, which holds the lock.
        yield held
        return
    with self._db_lock, _transaction(self, shard) as conn:
        yield conn


@contextmanager
def one_transaction_per_file(storage: SqliteEventLogStorage, shards: list[str]) -> Iterator[None]:
    """Every write of this thread to these shards (a run's id, INDEX_SHARD_NAME) inside goes
    into one transaction per shard, on one connection: committed at the end, rolled back whole
    if it raises. Other threads wait for the storage meanwhile, as they wait for any write."""
    held = KeptEngines.of(storage).held()
    with storage._db_lock, ExitStack() as transactions:
        for shard in dict.fromkeys(shards):
            held[shard] = transactions.enter_context(_transaction(storage, shard))
        try:
            yield
        finally:
            held.clear()


def _has_table(self: SqliteEventLogStorage, table_name: str) -> bool:
    # Asked before every check's event is stored, sometimes inside _connect (so not under its
    # lock): a second pooled connection when the first is in use.
    engine = KeptEngines.of(self).engine(INDEX_SHARD_NAME)
    with engine.connect() as conn:
        return bool(engine.dialect.has_table(conn, table_name))


def _dispose(self: SqliteEventLogStorage) -> None:
    DAGSTERS_OWN["dispose"](self)
    KeptEngines.of(self).dispose()


def keep_event_log_engines() -> None:
    """For every SQLite event log of this process from now on. Calling it again changes
    nothing."""
    SqliteEventLogStorage._connect = _connect
    SqliteEventLogStorage.has_table = _has_table
    SqliteEventLogStorage.dispose = _dispose
