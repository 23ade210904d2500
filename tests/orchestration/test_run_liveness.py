"""Runs whose process died are failed and give back their pool slots; live runs are left alone.

These use a real, persistent Dagster instance (the project's dagster.yaml in a folder of its
own) with runs recorded as started and a `warehouse` slot claimed, as a killed refresh leaves
them. tests/orchestration/test_refresh_crash_recovery.py kills real refreshes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import dagster as dg
import pytest
from dagster._core.test_utils import create_run_for_test

from orchestration.raw_assets import WAREHOUSE_POOL
from orchestration.run_liveness import alive, dead_run_sweeper, fail_dead_runs, live_runs_folder
from orchestration.settings import REPOSITORY_ROOT

STARTED = dg.DagsterRunStatus.STARTED


@pytest.fixture
def instance(tmp_path):
    shutil.copy(REPOSITORY_ROOT / "orchestration" / "dagster.yaml", tmp_path / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(tmp_path)) as made:
        yield made


def started_run_holding_the_pool(instance) -> str:
    run = create_run_for_test(instance, job_name="refresh", status=STARTED)
    instance.event_log_storage.initialize_concurrency_limit_to_default(WAREHOUSE_POOL)
    claim = instance.event_log_storage.claim_concurrency_slot(
        WAREHOUSE_POOL, run.run_id, "load_snapshots"
    )
    assert claim.is_claimed
    return run.run_id


def claimed_by(instance) -> list[str]:
    info = instance.event_log_storage.get_concurrency_info(WAREHOUSE_POOL)
    return [slot.run_id for slot in info.claimed_slots]


def killed_holder(instance, run_id: str) -> None:
    """A process that took the run's liveness lock, and was then killed."""
    code = (
        "import sys, time, dagster as dg\n"
        "from orchestration.run_liveness import alive\n"
        "instance = dg.DagsterInstance.from_config(sys.argv[1])\n"
        "with alive(instance, sys.argv[2]):\n"
        "    print('holding', flush=True)\n"
        "    time.sleep(600)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, instance.root_directory, run_id],
        cwd=REPOSITORY_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "holding\n"
    holder.kill()
    holder.wait()
    holder.stdout.close()


def test_a_run_whose_process_died_is_failed_and_its_slot_freed(instance):
    run_id = started_run_holding_the_pool(instance)
    killed_holder(instance, run_id)
    assert claimed_by(instance) == [run_id]  # what kept every later refresh waiting

    messages = []
    assert fail_dead_runs(instance, messages.append, found_by="run-2") == [run_id]

    run = instance.get_run_by_id(run_id)
    assert run.status == dg.DagsterRunStatus.FAILURE
    [failure] = instance.all_logs(run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
    assert failure.message.startswith("The process running this run (pid ")
    assert failure.message.endswith(
        ") ended without finishing it (it was killed, or the machine stopped). Marked failed by "
        "run run-2 so that later refreshes are not held up; the next refresh loads and publishes "
        "whatever this one did not."
    )
    assert claimed_by(instance) == []
    assert [m.split(" (")[0] for m in messages] == [
        f"Run {run_id} had died without finishing"
    ]
    assert list(live_runs_folder(instance).iterdir()) == []
    # Nothing more to do the second time.
    assert fail_dead_runs(instance, messages.append) == []


def test_a_live_run_is_left_alone(instance):
    run_id = started_run_holding_the_pool(instance)
    with alive(instance, run_id):
        assert fail_dead_runs(instance, lambda message: None) == []
        assert instance.get_run_by_id(run_id).status == STARTED
        assert claimed_by(instance) == [run_id]
    # Ended normally: its liveness file is gone with it.
    assert list(live_runs_folder(instance).iterdir()) == []


def test_the_daemons_sensor_fails_dead_runs_so_queued_refreshes_start(instance):
    run_id = started_run_holding_the_pool(instance)
    killed_holder(instance, run_id)
    result = dead_run_sweeper(dg.build_sensor_context(instance=instance))
    assert isinstance(result, dg.SkipReason)
    assert result.skip_message == f"Marked failed runs whose process had died: {run_id}."
    assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.FAILURE
    [failure] = instance.all_logs(run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
    assert "Marked failed by the dead_run_sweeper sensor" in failure.message
    again = dead_run_sweeper(dg.build_sensor_context(instance=instance))
    assert again.skip_message == "No run has died unfinished."


def test_a_liveness_file_never_looks_dead_while_its_run_starts_or_ends(instance):
    """The file is locked before it takes its name and removed before it is unlocked."""
    run_id = started_run_holding_the_pool(instance)
    for _ in range(20):
        with alive(instance, run_id):
            assert fail_dead_runs(instance, lambda message: None) == []
        time.sleep(0.001)
    assert instance.get_run_by_id(run_id).status == STARTED


def test_the_instance_monitors_runs_and_frees_slots_of_ended_runs(instance):
    assert instance.run_monitoring_enabled
    assert instance.run_monitoring_settings["start_timeout_seconds"] == 180
    assert instance.run_monitoring_settings["free_slots_after_run_end_seconds"] == 60
