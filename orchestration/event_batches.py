"""A run's planned events stored together: one transaction per SQLite file, not one per event.

When a run is created Dagster reports every asset and check it plans to run
(ASSET_MATERIALIZATION_PLANNED, ASSET_CHECK_EVALUATION_PLANNED): 410 of the refresh's 594
events, before its first step. Each was stored on its own: the run's own file opened, written,
committed and closed (a checkpoint, and the disk waited for, at every close), and each mirrored
into the index file with a commit or two of its own: after Python's imports, the largest part
of a refresh with nothing new, and on a busy machine (the disk slow to answer) many seconds.

Dagster already reports them as one batch (DagsterEventBatchMetadata). With
DAGSTER_EVENT_BATCH_SIZE set it hands a batch to the event log's `store_event_batch`, which for
SQLite stores the events one by one, as before. Here that SQLite storage stores the batch's
events with Dagster's own `store_event`, the same statements in the same order, inside
`one_transaction_per_file` (orchestration/event_log_connections.py): one commit (and
checkpoint) to the run's file and one to the index. What is stored is unchanged; a batch that
fails is rolled back whole, and Dagster then stores its events one by one.

Only batches are affected: Dagster sends nothing else with batch metadata here (a step's
materializations of many partitions would be, and the warehouse has no partitions). The events
of a run's steps are stored as they happen, one at a time, as the UI follows them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SqliteEventLogStorage,
)

from orchestration import event_log_connections

BATCH_SIZE_VARIABLE = "DAGSTER_EVENT_BATCH_SIZE"  # Dagster's: 0 (its default) stores one by one
# More than a refresh plans (594 events with the checks), so that its plan is one batch.
BATCH_SIZE = 10_000
# What this replaces, as Dagster wrote it (the event log's base class: event by event).
DAGSTERS_OWN = SqliteEventLogStorage.store_event_batch


def _store_event_batch(self: SqliteEventLogStorage, events: Sequence[EventLogEntry]) -> None:
    if SqliteEventLogStorage._connect is not event_log_connections._connect:
        # Dagster's own connections (a test put them back) know nothing of shared ones.
        DAGSTERS_OWN(self, events)
        return
    run_files = [event.run_id for event in events]
    with event_log_connections.one_transaction_per_file(self, [*run_files, INDEX_SHARD_NAME]):
        for event in events:
            self.store_event(event)


def store_event_batches_together() -> None:
    """For every SQLite event log of this process from now on, unless DAGSTER_EVENT_BATCH_SIZE
    says otherwise already. Calling it again changes nothing."""
    event_log_connections.keep_event_log_engines()
    SqliteEventLogStorage.store_event_batch = _store_event_batch
    os.environ.setdefault(BATCH_SIZE_VARIABLE, str(BATCH_SIZE))
