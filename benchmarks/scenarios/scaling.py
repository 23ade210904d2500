"""Scenario 4: the full refresh at 1×, 2× and 4× the data of one authority.

The data grows with the authority's referrals a year (seeds.generate --referrals-per-year);
everything else about the refresh stays the same. A straight line fitted through the three
medians, time = fixed + per-row cost × rows, says how much of the time does not grow with the
data (starting Python, Dagster and dbt; dbt's work per model and test) and how far the points
stray from linear growth.
"""

from __future__ import annotations

from benchmarks.figures import Spread, count, memory, ratio, seconds
from benchmarks.refresh_runs import REFRESH_COLUMNS, STEPS, median_seconds, refresh_cells
from benchmarks.report import ScenarioResult, Table, described
from benchmarks.suite import Suite

KEY = "scaling"
TITLE = "Scaling: the full refresh at 1×, 2× and 4× the data"


def run(suite: Suite) -> ScenarioResult:
    points = []
    for factor in suite.sizes.scaling_factors:
        spec = suite.sizes.scaled(factor)
        site, runs = suite.full_refreshes(spec)
        points.append((factor, spec, site.landing, runs))
    base_rows = points[0][2].rows
    base_time = median_seconds(points[0][3])
    sizes = Table(
        ("data", "rows", "CSV on disk", "rows ×", "time ×", *REFRESH_COLUMNS),
        tuple(
            (
                spec.label,
                count(landing.rows),
                memory(landing.csv_bytes),
                ratio(landing.rows / base_rows),
                ratio(median_seconds(runs) / base_time),
                *refresh_cells(runs),
            )
            for _, spec, landing, runs in points
        ),
    )
    rows = [landing.rows for _, _, landing, _ in points]
    growth = [("total", [median_seconds(runs) for *_, runs in points])] + [
        (step, [_step_median(runs, step) for *_, runs in points]) for step in STEPS.values()
    ]
    lines = Table(
        ("part", "fixed (time at no data)", "per million rows", "largest distance from the line"),
        tuple(_fitted(part, rows, times) for part, times in growth if None not in times),
    )
    return ScenarioResult(
        KEY,
        TITLE,
        described(__doc__),
        [sizes, lines],
        figures={"growth": median_seconds(points[-1][3]) / base_time},
    )


def _step_median(runs, step: str) -> float | None:
    durations = [run.steps[step] for run in runs if step in run.steps]
    return Spread.of(durations).median if durations else None


def _fitted(part: str, rows: list[int], times: list[float]) -> tuple[str, str, str, str]:
    """Least squares: time = fixed + slope × rows; the worst residual as a share of its point."""
    n = len(rows)
    mean_rows, mean_time = sum(rows) / n, sum(times) / n
    spread = sum((r - mean_rows) ** 2 for r in rows)
    slope = sum((r - mean_rows) * (t - mean_time) for r, t in zip(rows, times)) / spread
    fixed = mean_time - slope * mean_rows
    worst = max(abs(t - (fixed + slope * r)) / t for r, t in zip(rows, times))
    return (part, seconds(fixed), seconds(slope * 1e6), f"{worst:.1%}")
