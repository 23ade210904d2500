"""A refresh killed with SIGKILL at any step: the next refresh runs unattended and ends exactly
where an uninterrupted refresh does.

Each crash point starts from a state of its own (folders and a DAGSTER_HOME with the project's
dagster.yaml), runs the refresh as an operator does (`dagster job execute ... -j refresh`, a
process group of its own), stops it at the point (orchestration.pause_points) and kills it
there: the refresh's process alone, or its whole process group. It checks the hazard is real
(the dead run is still "started" and holds the `warehouse` pool slot), then runs the refresh
again with nobody touching anything, and compares every raw table and every serving table (a
SHA-256 of their rows, leaving out the columns that differ between runs: ids and times) and the
archive with those of an uninterrupted refresh from the same state.

The five crash points, one per step (two in the load, two in the publication):

1. load, the snapshot's files archived, nothing written yet     kill the refresh's process
2. load, inside its transaction (raw rows of three tables in)   kill the whole group
3. dbt build, with the warehouse open                           kill the refresh's process only:
                                                                dbt must die with it
4. publish, inside the new serving file's transaction           kill the refresh's process
5. publish, the new file written, not yet moved into place      kill the whole group

Away from dbt the two kill modes leave the same state, so each of those points has one of them:
the refresh runs its steps in its own process (the in-process executor), and its only other
processes are Dagster's compute-log mirrors (`tail -F` of the step's log file to the refresh's
output, and a watcher that stops it when the refresh dies), which write nothing a refresh reads.
The process alone is the hard case only at dbt, a process of its own that must not outlive it.

To stay lean, only the dbt point runs the metrics layer: the others run the same code location
without it (benchmarks/loading_only_location.py), the load points from an empty warehouse and
the publish points from the warehouse the uninterrupted refresh with dbt built, so that they
publish its marts. (Like every test's, the states live in memory when there is room:
tests/memory_basetemp.py.) The same file checks that two refreshes started at once end as one
does.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from snapshot_fixtures import changed, make_paths, query, table_contents, write_snapshot

from orchestration import pause_points
from orchestration.raw_assets import WAREHOUSE_POOL
from orchestration.settings import REPOSITORY_ROOT, WarehousePaths

pytestmark = pytest.mark.slow

DAGSTER = str(Path(sys.executable).parent / "dagster")
WITH_DBT = ("-m", "orchestration.definitions")
WITHOUT_DBT = ("-f", str(REPOSITORY_ROOT / "benchmarks" / "loading_only_location.py"))
PROCESS, GROUP = "the refresh's process", "its whole process group"
# Columns whose values differ between two runs of the same refresh.
VOLATILE_COLUMNS = {
    "load_id",
    "run_id",
    "started_at",
    "finished_at",
    "loaded_at",
    "published_at",
    "metrics_built_at",
    "publication_id",  # the publication's id, file and snapshots' load ids (kept_publications)
    "file",
    "snapshots",
}
REFRESH_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class CrashPoint:
    where: str
    pause_at: str
    kill: str  # PROCESS or GROUP
    location: tuple[str, str]  # WITH_DBT or WITHOUT_DBT
    starts_built: bool = False  # from the warehouse the uninterrupted refresh with dbt built

    def __str__(self) -> str:
        return f"{self.where}, killing {self.kill}"


LOAD_TRANSACTION = pause_points.load_table("ssd_cin_assessments")
CRASH_POINTS = (
    CrashPoint("load, files archived", pause_points.LOAD_ARCHIVED, PROCESS, WITHOUT_DBT),
    CrashPoint("load, inside its transaction", LOAD_TRANSACTION, GROUP, WITHOUT_DBT),
    CrashPoint("dbt build writing", pause_points.DBT_STARTED, PROCESS, WITH_DBT),
    CrashPoint("publish, writing", pause_points.PUBLISH_WRITING, PROCESS, WITHOUT_DBT, True),
    CrashPoint("publish, written", pause_points.PUBLISH_WRITTEN, GROUP, WITHOUT_DBT, True),
)


@dataclass(frozen=True)
class State:
    root: Path

    @property
    def paths(self) -> WarehousePaths:
        return make_paths(self.root)

    @property
    def home(self) -> Path:
        return self.root / "dagster_home"

    def environment(self, **extra: str) -> dict[str, str]:
        paths = self.paths
        return {
            **os.environ,
            "DAGSTER_HOME": str(self.home),
            "CSC_LANDING_DIR": str(paths.landing_dir),
            "CSC_ARCHIVE_DIR": str(paths.archive_dir),
            "CSC_WAREHOUSE_PATH": str(paths.warehouse_path),
            "CSC_SERVING_PATH": str(paths.serving_path),
            **extra,
        }


def new_state(root: Path, like: State | None = None) -> State:
    """A landing area with one delivery (one row of it quarantined), a fresh Dagster instance
    and, copied from `like`, its archive and warehouse (not its serving database)."""
    state = State(root)
    state.home.mkdir(parents=True)
    shutil.copy(REPOSITORY_ROOT / "orchestration" / "dagster.yaml", state.home / "dagster.yaml")
    with dg.DagsterInstance.from_config(str(state.home)):
        pass  # its storage made once, as an operator's is, before refreshes may start together
    write_snapshot(
        state.paths.landing_dir, changed("ssd_cin_visits", "V2,P2,2024-01-12,N", "V2,P2,,N")
    )
    if like is not None:
        shutil.copytree(like.paths.archive_dir, state.paths.archive_dir)
        shutil.copy(like.paths.warehouse_path, state.paths.warehouse_path)
    return state


def start_refresh(state: State, location: tuple[str, str], **extra: str) -> subprocess.Popen:
    log = (state.root / "refresh.log").open("ab")
    try:
        return subprocess.Popen(
            [DAGSTER, "job", "execute", *location, "-j", "refresh"],
            cwd=REPOSITORY_ROOT,
            env=state.environment(**extra),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own, which the test may kill
        )
    finally:
        log.close()


def finish(state: State, refresh: subprocess.Popen) -> None:
    """Wait for the refresh to end by itself and succeed (killing it if it does not)."""
    try:
        returncode = refresh.wait(timeout=REFRESH_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(refresh.pid, signal.SIGKILL)
        refresh.wait()
        returncode = None
    log = (state.root / "refresh.log").read_text(errors="replace")
    assert returncode == 0, f"the refresh did not complete by itself:\n{log[-6000:]}"


def refresh_to_the_end(state: State, location: tuple[str, str]) -> None:
    finish(state, start_refresh(state, location))


def wait_for(condition, what: str, refresh: subprocess.Popen, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if refresh.poll() is not None or time.monotonic() > deadline:
            os.killpg(refresh.pid, signal.SIGKILL)
            refresh.wait()
            raise AssertionError(f"the refresh never reached {what}")
        time.sleep(0.05)


def has_open(pid: int, path: Path) -> bool:
    folder = Path(f"/proc/{pid}/fd")
    try:
        descriptors = list(folder.iterdir())
    except FileNotFoundError:
        return False
    for descriptor in descriptors:
        try:
            if os.readlink(descriptor) == str(path):
                return True
        except OSError:
            continue
    return False


def is_gone(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")  # dead, or a zombie nobody reaped


def table_digests(database: Path, schema: str) -> dict[str, tuple[int, str]]:
    """Each table of the schema: its row count and a SHA-256 of its rows, sorted, without the
    volatile columns."""
    return {
        f"{database.name}: {table}": (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        for table, rows in table_contents(database, VOLATILE_COLUMNS, schema).items()
    }


def outcome(state: State) -> dict[str, object]:
    """What a refresh leaves that must not depend on whether it was interrupted."""
    paths = state.paths
    served = table_digests(paths.serving_path, "main")
    # How many publications are kept depends on how many refreshes published (two at once may
    # both): each one listed must be there, whole.
    served.pop(f"{paths.serving_path.name}: main.publications")
    kept = [Path(file) for (file,) in query(paths.serving_path, "SELECT file FROM publications")]
    assert kept and all(query(file, "SELECT count(*) FROM refresh_info") == [(1,)] for file in kept)
    return {
        **table_digests(paths.warehouse_path, "raw"),
        **served,
        "archive": sorted(
            (p.relative_to(paths.archive_dir).as_posix(), hashlib.sha256(p.read_bytes()).digest())
            for p in paths.archive_dir.rglob("*")
            if p.is_file()
        ),
        "beside the serving database": sorted(
            p.name for p in paths.serving_path.parent.iterdir() if "serving" in p.name
        ),
    }


def runs(state: State) -> list[dg.DagsterRun]:
    with dg.DagsterInstance.from_config(str(state.home)) as instance:
        return list(reversed(instance.get_runs()))  # oldest first


def pool_holders(state: State) -> list[str]:
    with dg.DagsterInstance.from_config(str(state.home)) as instance:
        info = instance.event_log_storage.get_concurrency_info(WAREHOUSE_POOL)
        return [slot.run_id for slot in info.claimed_slots]


def failure_message(state: State, run_id: str) -> str:
    with dg.DagsterInstance.from_config(str(state.home)) as instance:
        [failure] = instance.all_logs(run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
        return failure.message


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory) -> dict[tuple[str, str], tuple[State, dict]]:
    """An uninterrupted refresh from an empty warehouse, without dbt and with it: each one's
    state and outcome."""
    done = {}
    for location in (WITHOUT_DBT, WITH_DBT):
        state = new_state(tmp_path_factory.mktemp("uninterrupted"))
        refresh_to_the_end(state, location)
        done[location] = (state, outcome(state))
    # Sanity: the delivery loaded, a row quarantined, the metrics built and published.
    _, with_dbt = done[WITH_DBT]
    assert with_dbt["serving.duckdb: main.quarantine"][0] == 1
    assert with_dbt["serving.duckdb: main.metric_values"][0] > 0
    assert with_dbt["beside the serving database"] == ["serving-publications", "serving.duckdb"]
    return done


@pytest.mark.parametrize("point", CRASH_POINTS, ids=[str(p) for p in CRASH_POINTS])
def test_a_refresh_killed_at_any_point_is_recovered_by_the_next_one_unattended(
    point, uninterrupted, tmp_path
):
    built, _ = uninterrupted[WITH_DBT]
    state = new_state(tmp_path / "state", like=built if point.starts_built else None)
    marker = tmp_path / "paused"
    refresh = start_refresh(
        state,
        point.location,
        **{
            pause_points.PAUSE_AT_VARIABLE: point.pause_at,
            pause_points.PAUSE_MARKER_VARIABLE: str(marker),
        },
    )
    wait_for(marker.exists, point.pause_at, refresh)
    paused = int(marker.read_text())
    if point.pause_at == pause_points.DBT_STARTED:  # the marker is dbt's; wait for its writes
        wait_for(lambda: has_open(paused, state.paths.warehouse_path), "dbt writing", refresh)
    else:
        assert paused == refresh.pid

    if point.kill == PROCESS:
        os.kill(refresh.pid, signal.SIGKILL)
    else:
        os.killpg(refresh.pid, signal.SIGKILL)
    refresh.wait()
    if point.pause_at == pause_points.DBT_STARTED:
        deadline = time.monotonic() + 10
        while not is_gone(paused):
            assert time.monotonic() < deadline, "dbt outlived the refresh that started it"
            time.sleep(0.05)
    try:
        os.killpg(refresh.pid, signal.SIGKILL)  # anything else of the killed refresh's
    except ProcessLookupError:
        pass

    # What used to hold up every later refresh: a run "started" for ever, holding the pool.
    [dead] = runs(state)
    assert dead.status == dg.DagsterRunStatus.STARTED
    assert pool_holders(state) == [dead.run_id]

    refresh_to_the_end(state, point.location)

    _, expected = uninterrupted[WITH_DBT if point.starts_built else point.location]
    assert outcome(state) == expected
    dead_now, recovery = runs(state)
    assert (dead_now.run_id, dead_now.status) == (dead.run_id, dg.DagsterRunStatus.FAILURE)
    assert recovery.status == dg.DagsterRunStatus.SUCCESS
    assert f"Marked failed by run {recovery.run_id}" in failure_message(state, dead.run_id)
    assert pool_holders(state) == []


def test_two_refreshes_at_once_end_as_one_does(uninterrupted, tmp_path):
    state = new_state(tmp_path / "state")
    first, second = (start_refresh(state, WITHOUT_DBT) for _ in range(2))
    finish(state, first)
    finish(state, second)
    assert outcome(state) == uninterrupted[WITHOUT_DBT][1]
    assert [run.status for run in runs(state)] == [dg.DagsterRunStatus.SUCCESS] * 2
    connection = duckdb.connect(str(state.paths.warehouse_path), read_only=True)
    try:
        # One of them loaded the delivery; the other found it loaded.
        assert connection.execute(
            "SELECT status, count(*) FROM audit.snapshot_loads GROUP BY ALL"
        ).fetchall() == [("loaded", 1)]
    finally:
        connection.close()
