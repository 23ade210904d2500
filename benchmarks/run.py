"""Run the benchmark suite and write BENCHMARKS.md: `make bench` (`python -m benchmarks.run`).

    python -m benchmarks.run                                # every scenario, full sizes
    python -m benchmarks.run --scenarios full_refresh,app   # some of them
    python -m benchmarks.run --quick --output /tmp/b.md     # tiny sizes, one run each
    python -m benchmarks.run --scenarios app --serving data/serving.duckdb  # the app, on a file

Data is generated under the work folder (benchmarks/work/ by default) and deleted at the end
unless --keep-data is given. The full suite takes about an hour and a half on a 2-core machine
(ESTIMATED_SECONDS); the log says after each scenario about how long the rest will take.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from benchmarks import machine
from benchmarks.figures import memory, ratio, seconds
from benchmarks.report import (
    KeptSection,
    ScenarioResult,
    TargetCheck,
    commentary_of,
    previous_report,
    render,
)
from benchmarks.scenarios import (
    app_latency,
    full_refresh,
    generator,
    kept_publications,
    new_snapshot,
    no_change,
    raw_scan,
    scaling,
)
from benchmarks.suite import FULL, QUICK, Suite, SuiteSizes
from benchmarks.workspace import REPOSITORY_ROOT, Workspace

# In the order they run: later scenarios reuse what earlier ones made (the generated landing
# areas, the refreshed warehouses); new_snapshot adds to the landing areas while it measures,
# so it comes after the scenarios that read them whole; kept_publications measures the
# publications new_snapshot's refreshes left.
SCENARIOS: dict[str, Callable[[Suite], ScenarioResult]] = {
    generator.KEY: generator.run,
    full_refresh.KEY: full_refresh.run,
    no_change.KEY: no_change.run,
    raw_scan.KEY: raw_scan.run,
    new_snapshot.KEY: new_snapshot.run,
    scaling.KEY: scaling.run,
    app_latency.KEY: app_latency.run,
    kept_publications.KEY: kept_publications.run,
}
# Scenario numbers as the issue lists them, for the report's order.
REPORT_ORDER = (
    full_refresh.KEY, no_change.KEY, new_snapshot.KEY, scaling.KEY, raw_scan.KEY,
    app_latency.KEY, generator.KEY, kept_publications.KEY,
)
TITLES = {
    module.KEY: module.TITLE
    for module in (
        full_refresh, no_change, new_snapshot, scaling, raw_scan, app_latency, generator,
        kept_publications,
    )
}
# What each scenario costs at the full sizes on a quiet 2-core machine, in seconds, a shared
# refresh counted where it is first measured: as the run of 2 December 2026 measured them
# (BENCHMARKS.md: a national full refresh 207 s, 50 authorities 78-80 s, 10 authorities 32 s,
# one authority 22 s, a one-snapshot refresh 29-33 s, a no-change refresh 7-8 s by hand; the
# scaling points 24-28 s). Only for the progress log: a run scales them by how its first
# scenarios compared.
ESTIMATED_SECONDS = {
    generator.KEY: 25,  # the default area 5 times, the national one once
    full_refresh.KEY: 372,  # 3 × 22 s + 3 × 32 s + 1 × 207 s, and generating the areas
    no_change.KEY: 120,  # 5 runs at each of 3 sizes, each `make refresh` and a run by hand
    raw_scan.KEY: 83,  # 5 scans, 1 plain copy, 1 validated load (national)
    new_snapshot.KEY: 469,  # 50 authorities generated and refreshed 3 times; 3 + 3 + 1 snapshots
    scaling.KEY: 157,  # 3 × about 24 s + 3 × about 28 s
    app_latency.KEY: 40,  # 20 authorities' pages, about 2 s each
    kept_publications.KEY: 1,  # measures new_snapshot's sites: no refresh of its own
}
DEFAULT_WORK_DIR = REPOSITORY_ROOT / "benchmarks" / "work"
DEFAULT_OUTPUT = REPOSITORY_ROOT / "BENCHMARKS.md"


def main(argv: Sequence[str] | None = None) -> int:
    options = _arguments().parse_args(argv)
    scenarios = _chosen(options.scenarios)
    if options.serving is not None:
        if not options.serving.is_file():
            raise SystemExit(f"--serving: there is no serving database at {options.serving}.")
        options.serving = options.serving.resolve()
    sizes = QUICK if options.quick else FULL
    if options.runs is not None:
        if options.runs < 1:
            raise SystemExit("--runs must be at least 1.")
        sizes = replace(sizes, big_runs=options.runs, national_runs=options.runs,
                        cheap_runs=options.runs)
    if options.national_authorities is not None:
        sizes = with_national_stand_in(sizes, options.national_authorities)
    if options.snapshot_authorities is not None:
        sizes = replace(sizes, snapshot_authorities=_authority_counts(options.snapshot_authorities))
    workspace = Workspace(options.work_dir)
    suite = Suite(sizes, workspace, with_dbt=not options.without_dbt,
                  app_serving_path=options.serving)
    started = time.perf_counter()
    progress = Progress(scenarios, suite.log, estimated=sizes == FULL)
    try:
        for key in scenarios:
            progress.starting(key)
            suite.results[key] = SCENARIOS[key](suite)
            progress.done(key)
    finally:
        if not options.keep_data:
            workspace.remove()
    elapsed = time.perf_counter() - started
    description = (
        f"Run: `{' '.join(['python -m benchmarks.run', *(argv if argv is not None else sys.argv[1:])])}`"
        f" — {sizes.name} sizes, {len(scenarios)} scenarios in {seconds(elapsed)}."
    )
    # A run of some scenarios keeps the others' sections and target rows from the last report.
    previous = previous_report(options.output) if len(scenarios) < len(SCENARIOS) else None
    results: list[ScenarioResult | KeptSection] = []
    kept = []
    for key in REPORT_ORDER:
        if key in suite.results:
            results.append(suite.results[key])
        elif previous is not None and TITLES[key] in previous.sections:
            results.append(previous.sections[TITLES[key]])
            kept.append(TITLES[key])
    if previous is not None and kept:
        earlier_run = (previous.run_description or "").removeprefix("Run: ").rstrip(".") or "not recorded"
        description += f" Kept from the previous report (run: {earlier_run}): {'; '.join(kept)}."
    checks = targets(suite)
    if previous is not None:
        checks = [
            previous.targets.get(check.target, check) if check.met is None else check
            for check in checks
        ]
    options.output.write_text(
        render(machine.describe(REPOSITORY_ROOT), description, checks, results,
               commentary_of(options.output))
    )
    suite.log(f"wrote {options.output}")
    return 0


class Progress:
    """The progress log: each scenario as it starts, and after it about how long the rest will
    take (ESTIMATED_SECONDS, scaled by how long the scenarios so far took against theirs)."""

    def __init__(self, scenarios: list[str], log: Callable[[str], None], estimated: bool,
                 clock: Callable[[], float] = time.perf_counter):
        """estimated: the sizes are those the estimates are for (suite.FULL, unchanged), so a
        first estimate is worth logging before anything is measured."""
        self.scenarios = scenarios
        self.log = log
        self.clock = clock
        self.started = clock()
        self.estimated_done = 0.0
        if estimated:
            total = sum(ESTIMATED_SECONDS[key] for key in scenarios)
            log(f"{len(scenarios)} scenarios: about {seconds(total)} in all on a quiet 2-core "
                "machine (estimated from earlier runs)")

    def starting(self, key: str) -> None:
        number = self.scenarios.index(key) + 1
        self.log(f"scenario {key} ({number}/{len(self.scenarios)}): starting")

    def done(self, key: str) -> None:
        elapsed = self.clock() - self.started
        self.estimated_done += ESTIMATED_SECONDS[key]
        remaining = self.scenarios[self.scenarios.index(key) + 1:]
        left = sum(ESTIMATED_SECONDS[k] for k in remaining) * elapsed / self.estimated_done
        self.log(f"scenario {key}: done; {seconds(elapsed)} so far"
                 + (f", about {seconds(left)} to go ({', '.join(remaining)})" if remaining else ""))


def with_national_stand_in(sizes: SuiteSizes, authorities: int) -> SuiteSizes:
    """The sizes with a smaller area in place of the national one, named as a stand-in: for
    measuring the scenarios that need it where a national refresh cannot run."""
    if authorities < 1:
        raise SystemExit("--national-authorities must be at least 1.")
    stand_in = replace(
        sizes.national, label=f"{authorities} authorities (national stand-in)",
        authorities=authorities,
    )
    return replace(sizes, refresh_sizes=(*sizes.refresh_sizes[:-1], stand_in))


def targets(suite: Suite) -> list[TargetCheck]:
    """The issue's targets, checked against what this run measured."""

    def figure(scenario: str, name: str) -> float | None:
        result = suite.results.get(scenario)
        return None if result is None else result.figures.get(name)

    def quotient(scenario: str, numerator: str, denominator: str) -> Callable[[float], str]:
        """A multiple written with the two times it divides: '4.50× (29.3 s ÷ 6.5 s)'."""
        above, below = figure(scenario, numerator), figure(scenario, denominator)
        if above is None or below is None:
            return ratio
        return lambda value: f"{ratio(value)} ({seconds(above)} ÷ {seconds(below)})"

    sizes = suite.sizes
    national, default = sizes.national.label, sizes.default.label
    smallest = sizes.snapshot_sizes[0].label
    # (words, measured, limit, how the figure is written); issue 18's table first, in its order.
    checks = [
        (f"full refresh within 120 s ({national})",
         figure(full_refresh.KEY, "national_seconds"), 120.0, seconds),
        (f"full refresh within 4 GB peak memory ({national})",
         figure(full_refresh.KEY, "national_peak_rss"), 4 * 1024**3, memory),
        (f"validated load within 5× DuckDB reading the CSVs once ({national})",
         figure(raw_scan.KEY, "load_multiple"), 5.0,
         quotient(raw_scan.KEY, "load_seconds", "scan_seconds")),
        (f"one new snapshot of one authority within 15 s ({national})",
         figure(new_snapshot.KEY, "seconds"), 15.0, seconds),
        (f"refresh with nothing new within 5 s ({national}; `make refresh`, which the sensor "
         "and the schedule do alike)",
         figure(no_change.KEY, "national_check_seconds"), 5.0, seconds),
        (f"refresh with nothing new within 5 s ({national}; a Dagster run started by hand)",
         figure(no_change.KEY, "national_seconds"), 5.0, seconds),
        (f"full refresh within 20 s ({default})",
         figure(full_refresh.KEY, "default_seconds"), 20.0, seconds),
        ("app, first visit after a refresh: every interaction's p95 within 300 ms",
         figure(app_latency.KEY, "worst_cold_p95"), 0.3, seconds),
        ("app, revisit: every interaction's p95 within 150 ms",
         figure(app_latency.KEY, "worst_warm_p95"), 0.15, seconds),
        ("app, one read of the serving database: every read's p95 within 20 ms",
         figure(app_latency.KEY, "worst_query_p95"), 0.02, seconds),
        (f"one new snapshot flat from {smallest} to {national}: within "
         f"{ratio(new_snapshot.FLAT_TOLERANCE)} the time",
         figure(new_snapshot.KEY, "flat_ratio"), new_snapshot.FLAT_TOLERANCE,
         quotient(new_snapshot.KEY, "seconds", "smallest_seconds")),
        (f"generator within 5 minutes ({national}; not one of issue 18's targets)",
         figure(generator.KEY, "national_seconds"), 300.0, seconds),
    ]
    return [
        TargetCheck(words, "not measured" if value is None else _against(value, limit, show),
                    None if value is None else value <= limit)
        for words, value, limit, show in checks
    ]


def _against(value: float, limit: float, show: Callable[[float], str]) -> str:
    """The figure and what multiple of its target it is: '95.0 s, 0.79× the target'."""
    return f"{show(value)}, {ratio(value / limit)} the target"


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Measure the warehouse's speed and memory and write BENCHMARKS.md.",
    )
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS),
        help=f"comma-separated, from: {', '.join(SCENARIOS)} (default: all)",
    )
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes and one run each: checks the scripts, not the speed")
    parser.add_argument("--runs", type=int, default=None,
                        help="repetitions of every measurement (default: 1 for a refresh or "
                             "load of the national size, 3 for one of a smaller size, 5 for "
                             "what takes seconds; 1 with --quick)")
    parser.add_argument("--national-authorities", type=int, default=None,
                        help="authorities of the national size (default: 150): a smaller "
                             "stand-in, named so in the report")
    parser.add_argument("--snapshot-authorities", default=None,
                        help="comma-separated sizes (authorities) of the smaller areas where "
                             "one new snapshot is measured besides the national one "
                             "(default: 10,50)")
    parser.add_argument("--without-dbt", action="store_true",
                        help="refresh without the metrics layer (the smoke test's setting)")
    parser.add_argument("--serving", type=Path, default=None,
                        help="measure the app on this serving database (already refreshed) "
                             "instead of refreshing the national landing area for it")
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR,
                        help="where to generate data (default: benchmarks/work)")
    parser.add_argument("--keep-data", action="store_true",
                        help="keep the generated data and warehouses after the run")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="the report to write (default: BENCHMARKS.md)")
    return parser


def _authority_counts(listed: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(part) for part in listed.split(",") if part.strip())
    except ValueError:
        counts = ()
    if not counts or min(counts) < 1:
        raise SystemExit(f"--snapshot-authorities: give whole numbers of authorities, at least "
                         f"1, separated by commas (not {listed!r}).")
    return counts


def _chosen(listed: str) -> list[str]:
    asked = [name.strip() for name in listed.split(",") if name.strip()]
    unknown = sorted(set(asked) - set(SCENARIOS))
    if unknown or not asked:
        raise SystemExit(
            f"Unknown scenario {', '.join(unknown) or '(none given)'}; choose from "
            f"{', '.join(SCENARIOS)}."
        )
    return [key for key in SCENARIOS if key in asked]


if __name__ == "__main__":
    sys.exit(main())
