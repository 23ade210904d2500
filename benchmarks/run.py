"""Run the benchmark suite and write BENCHMARKS.md: `make bench` (`python -m benchmarks.run`).

    python -m benchmarks.run                                # every scenario, full sizes
    python -m benchmarks.run --scenarios full_refresh,app   # some of them
    python -m benchmarks.run --quick --output /tmp/b.md     # tiny sizes, one run each
    python -m benchmarks.run --scenarios app --serving data/serving.duckdb  # the app, on a file

Data is generated under the work folder (benchmarks/work/ by default) and deleted at the end
unless --keep-data is given. The full suite takes about an hour on a 2-core machine.
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
# areas, the refreshed national warehouse); new_snapshot adds to the national landing area,
# so it comes after the scenarios that read it whole; kept_publications refreshes sites of its
# own.
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
        sizes = replace(sizes, big_runs=options.runs, cheap_runs=options.runs)
    if options.national_authorities is not None:
        sizes = with_national_stand_in(sizes, options.national_authorities)
    workspace = Workspace(options.work_dir)
    suite = Suite(sizes, workspace, with_dbt=not options.without_dbt,
                  app_serving_path=options.serving)
    started = time.perf_counter()
    try:
        for key in scenarios:
            suite.log(f"scenario {key}: starting")
            suite.results[key] = SCENARIOS[key](suite)
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

    national = suite.sizes.national.label
    checks = [
        (f"validated load within 3× the raw scan ({national})",
         figure(raw_scan.KEY, "load_multiple"), 3.0, ratio),
        (f"full refresh under 5 minutes ({national})",
         figure(full_refresh.KEY, "national_seconds"), 300.0, seconds),
        (f"full refresh under 8 GB peak memory ({national})",
         figure(full_refresh.KEY, "national_peak_rss"), 8 * 1024**3, memory),
        (f"one new authority snapshot under 60 s ({national})",
         figure(new_snapshot.KEY, "seconds"), 60.0, seconds),
        ("app, first visit after a refresh: every interaction's p95 within 300 ms",
         figure(app_latency.KEY, "worst_cold_p95"), 0.3, seconds),
        ("app, revisit: every interaction's p95 within 150 ms",
         figure(app_latency.KEY, "worst_warm_p95"), 0.15, seconds),
        ("app, one read of the serving database: every read's p95 within 20 ms",
         figure(app_latency.KEY, "worst_query_p95"), 0.02, seconds),
        (f"generator under 5 minutes ({national})",
         figure(generator.KEY, "national_seconds"), 300.0, seconds),
    ]
    return [
        TargetCheck(words, "not measured" if value is None else show(value),
                    None if value is None else value <= limit)
        for words, value, limit, show in checks
    ]


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
                        help="repetitions of every scenario (default: 3 for the big ones, 5 "
                             "for the cheap ones; 1 with --quick)")
    parser.add_argument("--national-authorities", type=int, default=None,
                        help="authorities of the national size (default: 150): a smaller "
                             "stand-in, named so in the report")
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
