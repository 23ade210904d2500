"""A refresh that died never holds up the next one.

Dagster records a run as started and, for each step in a pool, claims a slot; the run itself
gives both back when it ends. A run whose process is killed (kill -9, out of memory, a machine
that stopped) gives back nothing: it stays "started" and keeps its `warehouse` slot, and every
later refresh waits for that slot forever. Run monitoring (orchestration/dagster.yaml) fails
runs that never started or never finished cancelling, but with the default run launcher it
cannot tell that a started run's process is gone.

So a refresh run holds an advisory lock on a file named after it,
`<DAGSTER_HOME>/csc-live-runs/<run id>`, for as long as its process lives: the kernel releases
it when the process ends, however it ends. A lock that can be taken is a run whose process is
gone. `fail_dead_runs` marks each such run failed, saying why, and frees its slots. It runs at
the start of every refresh, before any step asks for a slot (the refresh's executor), and every
minute in the Dagster daemon (the `dead_run_sweeper` sensor), so that a run queued behind a dead
one starts too.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
from dagster._core.events import DagsterEvent, EngineEventData
from dagster._core.execution.retries import RetryMode
from dagster._core.executor.in_process import InProcessExecutor

LIVE_RUNS_FOLDER = "csc-live-runs"
_IN_PROGRESS = frozenset(
    {dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING}
)


def live_runs_folder(instance: dg.DagsterInstance) -> Path:
    return Path(instance.root_directory) / LIVE_RUNS_FOLDER


@contextmanager
def alive(instance: dg.DagsterInstance, run_id: str) -> Iterator[None]:
    """Hold the run's liveness lock for the block (the run's whole execution)."""
    folder = live_runs_folder(instance)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / run_id
    # Locked under a passing name and then renamed: the file is never seen unlocked.
    passing = folder / f".{run_id}.{os.getpid()}"
    with passing.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        os.replace(passing, final)
        try:
            yield
        finally:
            final.unlink(missing_ok=True)  # while still locked, so it never looks dead


def fail_dead_runs(
    instance: dg.DagsterInstance, log: Callable[[str], None], *, found_by: str | None = None
) -> list[str]:
    """Mark failed every run whose process is gone but which Dagster thinks is in progress,
    and free its concurrency slots; returns the runs failed. `found_by` names the run doing
    it, for the message."""
    folder = live_runs_folder(instance)
    if not folder.is_dir():
        return []
    failed = []
    for path in sorted(folder.iterdir()):
        with _lock_of_ended_process(path) as holder:
            if holder is None:
                continue
            run_id = path.name
            run = None if run_id.startswith(".") else instance.get_run_by_id(run_id)
            if run is not None and run.status in _IN_PROGRESS:
                message = (
                    f"The process running this run ({holder}) ended without finishing it "
                    "(it was killed, or the machine stopped). Marked failed "
                    + (f"by run {found_by}" if found_by else "by the dead_run_sweeper sensor")
                    + " so that later refreshes are not held up; the next refresh loads and "
                    "publishes whatever this one did not."
                )
                instance.report_run_failed(run, message)
                failed.append(run_id)
                log(f"Run {run_id} had died without finishing ({holder}): marked failed.")
            if run is not None and instance.event_log_storage.supports_global_concurrency_limits:
                instance.event_log_storage.free_concurrency_slots_for_run(run_id)
            path.unlink(missing_ok=True)
    return failed


@contextmanager
def _lock_of_ended_process(path: Path) -> Iterator[str | None]:
    """The file's lock, held for the block, when the process that held it has ended (yields
    what the file says of that process); None when a live process holds it or it is gone."""
    try:
        handle = path.open("r")
    except (FileNotFoundError, IsADirectoryError):
        yield None
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        try:
            current = os.stat(path)
        except FileNotFoundError:
            current = None
        # Removed (or replaced) since we opened it: its run ended normally.
        if current is None or current.st_ino != os.fstat(handle.fileno()).st_ino:
            yield None
            return
        yield handle.read().strip() or "process unknown"


class _RefreshExecutor(InProcessExecutor):
    """The in-process executor, which first fails dead runs and then, while it runs the steps,
    holds this run's liveness lock."""

    def execute(self, plan_context, execution_plan) -> Iterator[DagsterEvent]:
        instance, run_id = plan_context.instance, plan_context.run_id
        with alive(instance, run_id):
            for dead in fail_dead_runs(instance, lambda message: None, found_by=run_id):
                yield DagsterEvent.engine_event(
                    plan_context,
                    f"Run {dead} had died without finishing: marked failed and its hold on the "
                    "warehouse pool released.",
                    EngineEventData(),
                )
            yield from super().execute(plan_context, execution_plan)


@dg.executor(
    name="in_process_failing_dead_runs",
    config_schema=dg.in_process_executor.config_schema,
)
def refresh_executor(init_context: dg.InitExecutorContext) -> InProcessExecutor:
    """Every step in this one process, one after another (dbt still runs as a child process);
    runs whose process died are failed first so that their pool slots are free."""
    return _RefreshExecutor(
        retries=RetryMode.from_config(init_context.executor_config["retries"])  # type: ignore[arg-type]
    )


@dg.sensor(
    name="dead_run_sweeper",
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Marks failed the refresh runs whose process has died (killed, or the machine stopped) "
        "and frees their hold on the warehouse pool, so queued refreshes start."
    ),
)
def dead_run_sweeper(context: dg.SensorEvaluationContext):
    failed = fail_dead_runs(context.instance, context.log.info)
    if failed:
        return dg.SkipReason(f"Marked failed runs whose process had died: {', '.join(failed)}.")
    return dg.SkipReason("No run has died unfinished.")
