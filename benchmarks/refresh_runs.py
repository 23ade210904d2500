"""Running the refresh as `make refresh` does, and reading how long each step took.

The command is `dagster job execute -m orchestration.definitions -j refresh` in a process of its
own, so the time is what an operator waits (Python and Dagster starting included) and the peak
memory is that of everything the refresh runs (dbt is a process under Dagster's). Each step's
duration is read back afterwards from the site's Dagster instance, where the run recorded it.

Without the metrics layer (`with_dbt=False`, for the smoke test) the same command runs a code
location built without dbt (benchmarks/loading_only_location.py).

`make refresh` itself, the sensor and the daily schedule first ask whether there is anything to
do (orchestration/refresh_need.py) and start no run when there is not: `run_refresh_check` times
that, as `make refresh` does it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.figures import Spread, memory_spread, seconds_spread
from benchmarks.process_runs import BenchmarkError, ProcessRun, run_measured
from benchmarks.workspace import REPOSITORY_ROOT, Site

DAGSTER = Path(sys.executable).parent / "dagster"
WITH_DBT = "orchestration.definitions"
WITHOUT_DBT = "benchmarks.loading_only_location"
REFRESH_COMMAND = (sys.executable, "-m", "orchestration.refresh_command")  # `make refresh`
# The refresh job's steps, in the order they run, and how the report names them.
STEPS = {"load_snapshots": "load", "dbt_metrics": "dbt build", "serving_database": "publish"}


@dataclass(frozen=True)
class RefreshRun:
    seconds: float
    peak_rss_bytes: int
    steps: dict[str, float]  # report name -> seconds, for the steps that ran (not skipped)


def run_refresh(site: Site, with_dbt: bool) -> RefreshRun:
    command = [str(DAGSTER), "job", "execute", "-m", WITH_DBT if with_dbt else WITHOUT_DBT,
               "-j", "refresh"]
    run = run_measured(command, site.environment(), REPOSITORY_ROOT)
    return RefreshRun(run.seconds, run.peak_rss_bytes, _step_seconds(site.dagster_home))


def run_refresh_check(site: Site) -> ProcessRun:
    """`make refresh` on a site with nothing new: it asks, finds nothing to do and starts no run
    (BenchmarkError if it started one: the site was not up to date)."""
    before = _run_count(site.dagster_home)
    run = run_measured(REFRESH_COMMAND, site.environment(), REPOSITORY_ROOT)
    if _run_count(site.dagster_home) != before:
        raise BenchmarkError(f"`make refresh` found something new at {site.root} and refreshed it")
    return run


def _run_count(dagster_home: Path) -> int:
    import dagster as dg  # only here: importing Dagster takes seconds

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    try:
        return instance.get_runs_count()
    finally:
        instance.dispose()


def _step_seconds(dagster_home: Path) -> dict[str, float]:
    """The durations of the steps that succeeded in the instance's newest run."""
    import dagster as dg  # only here: importing Dagster takes seconds

    instance = dg.DagsterInstance.from_config(str(dagster_home))
    try:
        [newest] = instance.get_runs(limit=1)
        stats = instance.get_run_step_stats(newest.run_id)
    finally:
        instance.dispose()
    return {
        STEPS[stat.step_key]: stat.end_time - stat.start_time
        for stat in stats
        if stat.step_key in STEPS and stat.status is not None and stat.status.value == "SUCCESS"
        and stat.start_time is not None and stat.end_time is not None
    }


# What every table of refreshes shows, after its own leading columns.
REFRESH_COLUMNS = ("runs", "total", *STEPS.values(), "peak memory")


def refresh_cells(runs: list[RefreshRun]) -> tuple[str, ...]:
    """The REFRESH_COLUMNS of some runs: medians and ranges; a step no run ran is 'skipped'."""
    steps = []
    for step in STEPS.values():
        durations = [run.steps[step] for run in runs if step in run.steps]
        steps.append(seconds_spread(Spread.of(durations)) if durations else "skipped")
    return (
        str(len(runs)),
        seconds_spread(Spread.of([run.seconds for run in runs])),
        *steps,
        memory_spread(Spread.of([run.peak_rss_bytes for run in runs])),
    )


def median_seconds(runs: list[RefreshRun]) -> float:
    return Spread.of([run.seconds for run in runs]).median
