"""Scenario 2: a refresh when every snapshot is already loaded.

The same command as the full refresh, again, on a warehouse that has loaded and published
everything in its landing area: the files are hashed, found unchanged, and the dbt build and
the publish are skipped.
"""

from __future__ import annotations

from benchmarks.refresh_runs import REFRESH_COLUMNS, median_seconds, refresh_cells, run_refresh
from benchmarks.report import ScenarioResult, Table, described
from benchmarks.suite import Suite

KEY = "no_change"
TITLE = "No-change refresh"


def run(suite: Suite) -> ScenarioResult:
    rows, figures = [], {}
    for spec in suite.sizes.refresh_sizes:
        site = suite.refreshed_site(spec)
        runs = []
        for number in range(1, suite.sizes.cheap_runs + 1):
            runs.append(run_refresh(site, suite.with_dbt))
            suite.log(f"no-change refresh, {spec.label}, run {number}/{suite.sizes.cheap_runs}: "
                      f"{runs[-1].seconds:.1f} s")
        rows.append((spec.label, *refresh_cells(runs)))
        if spec == suite.sizes.national:
            figures["national_seconds"] = median_seconds(runs)
    return ScenarioResult(
        KEY,
        TITLE,
        described(__doc__),
        [Table(("landing area", *REFRESH_COLUMNS), tuple(rows))],
        figures=figures,
    )
