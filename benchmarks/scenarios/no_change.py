"""Scenario 2: a refresh when every snapshot is already loaded.

On a warehouse that has loaded and published everything in its landing area, two ways:
`make refresh` (as the sensor and the daily schedule do, it asks first: the landing area's
names, sizes and modification times against those its last load recorded; it finds nothing new
and starts no run), and the same command as the full refresh, a Dagster run started by hand,
which always runs: its load step finds every file known, and the dbt build and the publish are
skipped.
"""

from __future__ import annotations

from benchmarks.figures import Spread, memory_spread, seconds_spread
from benchmarks.refresh_runs import (
    REFRESH_COLUMNS,
    median_seconds,
    refresh_cells,
    run_refresh,
    run_refresh_check,
)
from benchmarks.report import ScenarioResult, Table, described
from benchmarks.suite import Suite

KEY = "no_change"
TITLE = "No-change refresh"


def run(suite: Suite) -> ScenarioResult:
    asked, started, figures = [], [], {}
    for spec in suite.sizes.refresh_sizes:
        site = suite.refreshed_site(spec)
        checks, runs = [], []
        for number in range(1, suite.sizes.cheap_runs + 1):
            checks.append(run_refresh_check(site))
            runs.append(run_refresh(site, suite.with_dbt))
            suite.log(f"no-change refresh, {spec.label}, run {number}/{suite.sizes.cheap_runs}: "
                      f"make refresh {checks[-1].seconds:.1f} s, started by hand "
                      f"{runs[-1].seconds:.1f} s")
        times = Spread.of([check.seconds for check in checks])
        asked.append((spec.label, str(len(checks)), seconds_spread(times),
                       memory_spread(Spread.of([check.peak_rss_bytes for check in checks]))))
        started.append((spec.label, *refresh_cells(runs)))
        if spec == suite.sizes.national:
            figures["national_check_seconds"] = times.median
            figures["national_seconds"] = median_seconds(runs)
    return ScenarioResult(
        KEY,
        TITLE,
        described(__doc__),
        [Table(("landing area", "make refresh, runs", "total", "peak memory"), tuple(asked)),
         Table(("landing area", *REFRESH_COLUMNS), tuple(started))],
        figures=figures,
    )
