"""The event log's files stay open between events, and each event reaches a run's own file
as it is committed (event_log_connections)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import dagster as dg
import pytest
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from sqlite_file_counts import dagsters_own_event_log, instance_in, openings_counted

from orchestration import event_log_connections
from orchestration.event_log_connections import keep_event_log_engines


@dg.asset
def counted() -> int:
    return 1


@dg.asset_check(asset=counted)
def counted_is_one() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


@pytest.fixture
def opened(monkeypatch):
    dagsters_own_event_log(monkeypatch)
    with openings_counted() as counts:
        yield counts


def _run(instance: dg.DagsterInstance) -> tuple[str, int]:
    """A run of one asset and its check; its id and how many events it stored."""
    result = dg.materialize([counted, counted_is_one], instance=instance)
    assert result.success
    return result.run_id, len(instance.all_logs(result.run_id))


def test_dagster_opens_the_index_file_for_every_event(tmp_path, opened):
    # The premise: without the kept engines, the index file is opened over and over.
    instance = instance_in(tmp_path)
    opened.clear()
    _, events = _run(instance)
    assert events == 19
    assert opened["index.db"] >= 15  # about once per event (not every event is mirrored there)
    instance.dispose()


def _events_in_the_file_itself(path: Path) -> int:
    """The events in a SQLite file itself, without its write-ahead log (what has reached the
    file that the UI watches)."""
    connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        return connection.execute("SELECT count(*) FROM event_logs").fetchone()[0]
    finally:
        connection.close()


def test_each_file_is_opened_once_and_every_event_reaches_the_run_file_at_once(
    tmp_path, opened, monkeypatch
):
    keep_event_log_engines()
    keep_event_log_engines()  # twice: the same
    seen = []  # after each event: (events stored, events in the run's file itself)
    dagsters_store_event = SqliteEventLogStorage.store_event

    def store_event(self, entry):
        dagsters_store_event(self, entry)
        path = Path(self.path_for_shard(entry.run_id))
        seen.append((len(seen) + 1, _events_in_the_file_itself(path)))

    monkeypatch.setattr(SqliteEventLogStorage, "store_event", store_event)
    instance = instance_in(tmp_path)
    opened.clear()
    run_id, events = _run(instance)
    assert events == 19
    # At most one more while the first is in a transaction (has_table under _connect).
    assert 1 <= opened["index.db"] <= 2
    assert 1 <= opened[f"{run_id}.db"] <= 2
    # The UI follows a running run by watching its file change: each event is checkpointed
    # into it as it is committed (it was when each event closed the file).
    assert seen == [(n, n) for n in range(1, events + 1)]
    runs = tmp_path / "history" / "runs"
    assert (runs / f"{run_id}.db-wal").exists() and (runs / "index.db-wal").exists()  # open
    instance.dispose()
    assert not (runs / f"{run_id}.db-wal").exists()  # closed, checkpointed
    assert not (runs / "index.db-wal").exists()


def test_what_is_stored_is_what_dagster_stores(tmp_path, monkeypatch):
    # The same run with Dagster's connections and with the kept ones: the same records.
    def records(home: Path) -> tuple:
        instance = instance_in(home)
        run_id, _ = _run(instance)
        events = [
            (entry.dagster_event_type, entry.step_key) for entry in instance.all_logs(run_id)
        ]
        check = instance.event_log_storage.get_asset_check_execution_history(
            dg.AssetCheckKey(dg.AssetKey("counted"), "counted_is_one"), limit=5
        )
        materialized = instance.fetch_materializations(dg.AssetKey("counted"), limit=5)
        found = (
            events,
            [(c.status, c.run_id == run_id) for c in check],
            [r.run_id == run_id for r in materialized.records],
            instance.event_log_storage.has_table("asset_check_executions"),
            instance.event_log_storage.has_table("no_such_table"),
        )
        instance.dispose()
        return found

    for name, dagsters in event_log_connections.DAGSTERS_OWN.items():
        monkeypatch.setattr(SqliteEventLogStorage, name, dagsters)
    dagsters = records(tmp_path / "dagster")
    keep_event_log_engines()
    kept = records(tmp_path / "kept")
    assert kept == dagsters
    assert kept[3:] == (True, False)
    assert len(kept[1]) == 1 and len(kept[2]) == 1
