"""Scenario 3: one new snapshot for one authority arriving in a national warehouse.

The warehouse has loaded and published every authority; then a later snapshot of the first
authority lands (generated with the same options as the national area, at a later extract
date: a day later for the first run, two days for the second...) and the refresh runs. The
snapshots added are taken out of the landing area again afterwards.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, timedelta

from benchmarks.figures import ratio, seconds
from benchmarks.refresh_runs import REFRESH_COLUMNS, median_seconds, refresh_cells, run_refresh
from benchmarks.report import ScenarioResult, Table, described
from benchmarks.suite import Suite
from seeds.generate import DEFAULT_EXTRACT_DATE

KEY = "new_snapshot"
TITLE = "One new snapshot in a national warehouse"


def run(suite: Suite) -> ScenarioResult:
    spec = suite.sizes.national
    site, full = suite.full_refreshes(spec, suite.sizes.big_runs)
    national_date = date.fromisoformat(spec.extract_date) if spec.extract_date else (
        DEFAULT_EXTRACT_DATE
    )
    scratch = suite.workspace.scratch(KEY)
    added = []
    runs = []
    try:
        for number in range(1, suite.sizes.big_runs + 1):
            extract_date = (national_date + timedelta(days=number)).isoformat()
            one = replace(spec, label="one authority", authorities=1, extract_date=extract_date)
            _, area = suite.workspace.generate(one, scratch / extract_date)
            [snapshot] = [p for p in area.path.glob("*/*") if p.is_dir()]
            target = site.landing.path / snapshot.parent.name / snapshot.name
            shutil.move(snapshot, target)
            added.append(target)
            runs.append(run_refresh(site, suite.with_dbt))
            suite.log(f"new snapshot {target.parent.name}/{target.name}: "
                      f"{seconds(runs[-1].seconds)}")
    finally:
        for folder in added:
            shutil.rmtree(folder, ignore_errors=True)
    la_code = added[0].parent.name
    new, reference = median_seconds(runs), median_seconds(full)
    return ScenarioResult(
        KEY,
        TITLE,
        f"{spec.label}. " + described(__doc__),
        [
            Table(
                ("refresh", *REFRESH_COLUMNS),
                (
                    (f"one new snapshot of authority {la_code}", *refresh_cells(runs)),
                    ("full refresh of the same landing area", *refresh_cells(full)),
                ),
            )
        ],
        notes=[f"One new snapshot takes {ratio(new / reference)} the time of a full refresh."],
        figures={"seconds": new},
    )
