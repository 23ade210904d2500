"""Scenario 1: the full refresh into an empty warehouse, at three sizes.

`dagster job execute -m orchestration.definitions -j refresh` (what `make refresh` runs) in a
process of its own, into an emptied warehouse, archive, serving database and Dagster instance
each run: every snapshot validated and loaded, `dbt build` (every model, seed and test), the
serving database published. The total includes Python and Dagster starting; the steps are as
the run recorded them.
"""

from __future__ import annotations

from benchmarks.figures import Spread, count, memory
from benchmarks.refresh_runs import REFRESH_COLUMNS, median_seconds, refresh_cells
from benchmarks.report import ScenarioResult, Table, described
from benchmarks.suite import Suite

KEY = "full_refresh"
TITLE = "Full refresh"


def run(suite: Suite) -> ScenarioResult:
    rows = []
    for spec in suite.sizes.refresh_sizes:
        site, runs = suite.full_refreshes(spec)
        rows.append(
            (spec.label, count(site.landing.rows), memory(site.landing.csv_bytes),
             *refresh_cells(runs))
        )
    _, national = suite.full_refreshes(suite.sizes.national)
    _, default = suite.full_refreshes(suite.sizes.default)
    return ScenarioResult(
        KEY,
        TITLE,
        described(__doc__)
        + ("" if suite.with_dbt else "\n\n**This run left the metrics layer out (--without-dbt).**"),
        [Table(("landing area", "rows", "CSV on disk", *REFRESH_COLUMNS), tuple(rows))],
        figures={
            "national_seconds": median_seconds(national),
            "national_peak_rss": Spread.of([r.peak_rss_bytes for r in national]).high,
            "default_seconds": median_seconds(default),
        },
    )
