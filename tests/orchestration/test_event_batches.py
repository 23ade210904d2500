"""A run's planned events are stored together, one transaction per file (event_batches)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from sqlite_file_counts import commits_counted, dagsters_own_event_log, instance_in

from orchestration import event_batches, event_log_connections
from orchestration.event_batches import BATCH_SIZE_VARIABLE, store_event_batches_together


@dg.asset
def first() -> int:
    return 1


@dg.asset
def second(first: int) -> int:
    return first + 1


@dg.asset_check(asset=first)
def first_is_one(first: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=first == 1)


# What a run of these plans: two materializations and one check.
PLANNED = 3


@pytest.fixture
def committed(monkeypatch):
    dagsters_own_event_log(monkeypatch)
    with commits_counted() as counts:
        yield counts


def _run(home: Path, committed: Counter[str]) -> tuple[tuple, int]:
    """A run of the assets and the check: what an auditor reads of it, and how many
    transactions were committed to its own file."""
    instance = instance_in(home)
    committed.clear()
    result = dg.materialize([first, second, first_is_one], instance=instance)
    assert result.success
    run_id = result.run_id
    writes = committed[f"{run_id}.db"]
    events = [
        (entry.dagster_event_type, entry.step_key, entry.dagster_event.asset_key)
        for entry in instance.all_logs(run_id)
        if entry.dagster_event is not None
    ]
    indexed = [
        (record.event_log_entry.dagster_event_type, record.asset_key)
        for kind in (
            dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED,
            dg.DagsterEventType.ASSET_MATERIALIZATION,
        )
        for record in instance.get_event_records(dg.EventRecordsFilter(event_type=kind))
    ]
    checks = instance.event_log_storage.get_asset_check_execution_history(
        dg.AssetCheckKey(dg.AssetKey("first"), "first_is_one"), limit=5
    )
    found = (
        events,
        sorted(indexed, key=repr),
        [(c.status.value, c.run_id == run_id, c.event is not None) for c in checks],
        sorted(key.to_user_string() for key in instance.get_asset_keys()),
    )
    instance.dispose()
    return found, writes


def test_the_plan_is_one_write_to_the_run_file_and_the_same_records(tmp_path, committed):
    dagsters, dagsters_writes = _run(tmp_path / "dagster", committed)
    store_event_batches_together()
    store_event_batches_together()  # twice: the same
    together, writes = _run(tmp_path / "together", committed)
    assert together == dagsters
    planned = Counter(kind for kind, _, _ in together[0])
    assert planned[dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED] == 2
    assert planned[dg.DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED] == 1
    assert together[2] == [("SUCCEEDED", True, True)]
    assert together[3] == ["first", "second"]
    # The three planned events were three transactions on the run's file; now one.
    assert writes == dagsters_writes - (PLANNED - 1)


def test_a_batch_size_already_set_is_kept(tmp_path, committed, monkeypatch):
    monkeypatch.setenv(BATCH_SIZE_VARIABLE, "0")  # Dagster's: one by one
    dagsters, dagsters_writes = _run(tmp_path / "dagster", committed)
    store_event_batches_together()
    kept, writes = _run(tmp_path / "kept", committed)
    assert kept == dagsters
    assert writes == dagsters_writes


def test_a_batch_that_fails_is_stored_not_at_all_then_one_by_one(
    tmp_path, committed, monkeypatch
):
    store_event_batches_together()
    failing = {"left": PLANNED}  # the last planned event fails, the first two are written

    def store_event(self, entry):
        failing["left"] -= 1
        if failing["left"] == 0:
            raise RuntimeError("disk full")
        return dagsters_store_event(self, entry)

    dagsters_store_event = SqliteEventLogStorage.store_event
    monkeypatch.setattr(SqliteEventLogStorage, "store_event", store_event)
    batches = []

    def store_event_batch(self, events):
        batches.append(len(events))
        try:
            event_batches._store_event_batch(self, events)
        finally:
            # What the failed batch left stored: nothing (Dagster then stores it one by one).
            batches.append(len(self.get_logs_for_run(events[0].run_id)))
            batches.append(len(self.get_asset_keys()))

    monkeypatch.setattr(SqliteEventLogStorage, "store_event_batch", store_event_batch)
    instance = instance_in(tmp_path)
    result = dg.materialize([first, second, first_is_one], instance=instance)
    assert result.success
    assert batches == [PLANNED, 0, 0]
    kinds = Counter(entry.dagster_event_type for entry in instance.all_logs(result.run_id))
    assert kinds[dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED] == 2
    assert kinds[dg.DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED] == 1
    instance.dispose()


def test_with_dagsters_own_connections_a_batch_is_stored_one_by_one(tmp_path, committed):
    # A test that put Dagster's connections back (as the fixture does) must not deadlock on the
    # storage's lock, which a shared transaction would hold.
    store_event_batches_together()
    for name, dagsters in event_log_connections.DAGSTERS_OWN.items():
        setattr(SqliteEventLogStorage, name, dagsters)
    found, _ = _run(tmp_path, committed)
    assert Counter(kind for kind, _, _ in found[0])[
        dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED
    ] == 2
