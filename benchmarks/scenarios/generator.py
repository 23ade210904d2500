"""Scenario 7: how long seeds.generate takes to write the default and the national landing areas.

`python -m seeds.generate --out DIR --authorities N --profile P --seed 42` in a process of its
own (it writes authorities in parallel, one worker process per core), into an emptied folder
each run. The last area written of each size is the one the other scenarios then load.
"""

from __future__ import annotations

from benchmarks.figures import Spread, count, memory, memory_spread, seconds_spread
from benchmarks.report import ScenarioResult, Table, described
from benchmarks.suite import Suite

KEY = "generator"
TITLE = "Generator: writing the landing areas"


def run(suite: Suite) -> ScenarioResult:
    rows = []
    figures = {}
    for spec, runs in (
        (suite.sizes.default, suite.sizes.cheap_runs),
        (suite.sizes.national, suite.sizes.runs_of(suite.sizes.national)),
    ):
        measured = []
        for number in range(1, runs + 1):
            run_, area = suite.workspace.generate(
                spec, suite.workspace.root / "landing" / spec.slug
            )
            measured.append(run_)
            suite.log(f"generator, {spec.label}, run {number}/{runs}: {run_.seconds:.1f} s")
        suite.workspace.keep_landing(area)
        times = Spread.of([m.seconds for m in measured])
        rows.append(
            (
                spec.label,
                str(runs),
                seconds_spread(times),
                count(area.rows),
                memory(area.csv_bytes),
                memory_spread(Spread.of([m.peak_rss_bytes for m in measured])),
            )
        )
        figures["national_seconds" if spec == suite.sizes.national else "default_seconds"] = (
            times.median
        )
    return ScenarioResult(
        KEY,
        TITLE,
        described(__doc__),
        [Table(("landing area", "runs", "time", "rows", "CSV on disk", "peak memory"),
               tuple(rows))],
        figures=figures,
    )
