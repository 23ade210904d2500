"""Scenario 5: the loader against what DuckDB needs merely to read the same files.

The baseline is DuckDB reading every CSV of the national landing area once: `count(*)` over
`read_csv` of each table's files together, with the dialect and columns given (no sniffing),
every field as text, on a fresh in-memory connection with DuckDB's default threads. A second
reference copies every CSV, as text and unvalidated, into tables of a DuckDB file: the least
any loader that stores the data must do. Against them: the validated load alone
(`python -m orchestration.landing_load` into an empty warehouse), and the full refresh.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from benchmarks.figures import Spread, memory, memory_spread, ratio, seconds_spread
from benchmarks.process_runs import run_measured
from benchmarks.refresh_runs import median_seconds
from benchmarks.report import ScenarioResult, Table, described
from benchmarks.suite import Suite
from benchmarks.workspace import REPOSITORY_ROOT

KEY = "raw_scan"
TITLE = "Raw-scan baseline: the load and the refresh as multiples of reading the CSVs"


def run(suite: Suite) -> ScenarioResult:
    spec = suite.sizes.national
    landing = suite.workspace.landing(spec)
    groups = _file_groups(landing.path)
    scratch = suite.workspace.scratch(KEY)

    scans = _repeat(suite, "raw scan", suite.sizes.cheap_runs, lambda: _scan(groups))
    copies = _repeat(
        suite, "plain copy", suite.sizes.runs_of(spec),
        lambda: _copy(groups, scratch / "copy.duckdb"),
    )
    site = suite.workspace.site(f"{spec.slug}-load-only", landing)
    loads = []
    for number in range(1, suite.sizes.runs_of(spec) + 1):
        site.reset()
        loads.append(
            run_measured(
                [sys.executable, "-m", "orchestration.landing_load"],
                site.environment(),
                REPOSITORY_ROOT,
            )
        )
        suite.log(f"validated load, {spec.label}, run {number}/{suite.sizes.runs_of(spec)}: "
                  f"{loads[-1].seconds:.1f} s")
    shutil.rmtree(site.root)  # nothing reads the load's warehouse again: free its disk
    _, refreshes = suite.full_refreshes(spec)

    scan = Spread.of(scans)
    measured = [
        ("DuckDB reads every CSV once (`count(*)`)", scan, None),
        ("DuckDB copies every CSV into tables, as text, unvalidated", Spread.of(copies), None),
        (
            "validated load (`python -m orchestration.landing_load`)",
            Spread.of([r.seconds for r in loads]),
            Spread.of([r.peak_rss_bytes for r in loads]),
        ),
        (
            "full refresh (load, dbt build, publish)",
            Spread.of([r.seconds for r in refreshes]),
            Spread.of([r.peak_rss_bytes for r in refreshes]),
        ),
    ]
    rows = tuple(
        (
            what,
            str(len(spread.values)),
            seconds_spread(spread),
            ratio(spread.median / scan.median),
            f"{landing.csv_bytes / spread.median / 1e6:,.0f} MB/s",
            memory_spread(rss) if rss else "in the benchmark's process",
        )
        for what, spread, rss in measured
    )
    return ScenarioResult(
        KEY,
        TITLE,
        f"{spec.label}: {len(groups)} tables, {memory(landing.csv_bytes)} of CSV. "
        + described(__doc__),
        [Table(("what", "runs", "time", "multiple of the scan", "CSV read per second",
                "peak memory"), rows)],
        figures={
            "load_multiple": Spread.of([r.seconds for r in loads]).median / scan.median,
            "load_seconds": Spread.of([r.seconds for r in loads]).median,
            "scan_seconds": scan.median,
            "refresh_multiple": median_seconds(refreshes) / scan.median,
        },
    )


def _repeat(suite: Suite, what: str, runs: int, measure: Callable[[], None]) -> list[float]:
    times = []
    for number in range(1, runs + 1):
        started = time.perf_counter()
        measure()
        times.append(time.perf_counter() - started)
        suite.log(f"{what}, run {number}/{runs}: {times[-1]:.1f} s")
    return times


def _file_groups(landing: Path) -> list[tuple[str, list[Path]]]:
    """Every CSV of the landing area, grouped by table and header: the `read_csv` calls."""
    groups: dict[tuple[str, str], list[Path]] = {}
    for path in sorted(landing.glob("*/*/*.csv")):
        with path.open("rb") as handle:
            header = handle.readline().decode("utf-8-sig").strip()
        groups.setdefault((path.stem.lower(), header), []).append(path)
    return [(f"{table}_{n}", paths) for n, ((table, _), paths) in enumerate(groups.items())]


def _read_csv(paths: list[Path]) -> str:
    with paths[0].open("rb") as handle:
        width = len(handle.readline().decode("utf-8-sig").split(","))
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width))
    listed = ", ".join("'" + str(path).replace("'", "''") + "'" for path in paths)
    return (
        f"read_csv([{listed}], columns = {{{columns}}}, header = true, auto_detect = false, "
        "delim = ',', quote = '\"', escape = '\"')"
    )


def _scan(groups: list[tuple[str, list[Path]]]) -> None:
    connection = duckdb.connect()
    try:
        for _, paths in groups:
            connection.execute(f"SELECT count(*) FROM {_read_csv(paths)}").fetchall()
    finally:
        connection.close()


def _copy(groups: list[tuple[str, list[Path]]], database: Path) -> None:
    database.unlink(missing_ok=True)
    connection = duckdb.connect(str(database))
    try:
        for name, paths in groups:
            connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM {_read_csv(paths)}')
        connection.execute("CHECKPOINT")
    finally:
        connection.close()
        database.unlink(missing_ok=True)
