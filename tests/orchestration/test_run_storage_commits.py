"""The run history's SQLite files commit without an fsync at every event (run_storage_commits)."""

from __future__ import annotations

import dagster as dg
import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from orchestration import run_storage_commits
from orchestration.run_storage_commits import commit_without_waiting_for_disk

# SQLite's PRAGMA synchronous values.
FULL, NORMAL = 2, 1


@pytest.fixture(autouse=True)
def no_listener_yet():
    """Each test starts as a process that has not loaded the code location (an earlier test of
    this worker may have)."""
    listener = run_storage_commits._commit_with_normal_sync
    if event.contains(Engine, "connect", listener):
        event.remove(Engine, "connect", listener)


def _synchronous(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("PRAGMA synchronous")).scalar_one()


def test_sqlite_waits_for_the_disk_by_default(tmp_path):
    # The premise: without the listener, a connection commits with synchronous=FULL.
    engine = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    assert _synchronous(engine) == FULL
    engine.dispose()


def test_every_sqlalchemy_sqlite_connection_commits_with_normal_sync(tmp_path):
    commit_without_waiting_for_disk()
    commit_without_waiting_for_disk()  # twice: still one listener, no error
    engine = create_engine(f"sqlite:///{tmp_path / 'events.db'}")
    assert _synchronous(engine) == NORMAL
    engine.dispose()


def test_a_dagster_instance_built_after_the_code_location_stores_runs_so(tmp_path):
    from orchestration.code_location import build_definitions

    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    build_definitions(dbt_project_dir=None)
    instance = dg.DagsterInstance.from_config(str(tmp_path))
    storage = instance.run_storage
    with storage.connect() as connection:
        assert connection.execute(text("PRAGMA synchronous")).scalar_one() == NORMAL
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
    instance.dispose()
