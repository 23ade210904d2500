"""Scenario 3: one new snapshot of one authority, in the national warehouse and in smaller ones.

The warehouse has loaded and published every authority of its area; then a later snapshot of
the first authority lands (benchmarks/later_snapshots.py: generated with the same options as
the area, at a later extract date: a day later for the first run, two days for the second...)
and the refresh runs. Measured in the national warehouse and in warehouses of fewer
authorities (the same options, fewer authorities; each refreshed in full first, once, and that
refresh shown beside it): the work of one new snapshot must not grow with the authorities
that did not change, so the time must stay flat from the smallest area to the national one.
Flat here means the national median within a tolerance (given below the tables) of the
smallest area's: it allows for the run-to-run spread of a 2-core machine, up to about a fifth,
and for the larger files the whole-warehouse steps copy. The snapshots added are taken out of
the landing area again afterwards.
"""

from __future__ import annotations

from benchmarks.figures import ratio, seconds
from benchmarks.refresh_runs import REFRESH_COLUMNS, median_seconds, refresh_cells
from benchmarks.report import ScenarioResult, Table, described
from benchmarks.suite import Suite

KEY = "new_snapshot"
TITLE = "One new snapshot of one authority, as the warehouse grows"
# The largest national ÷ smallest-area time still called flat (the docstring says why).
FLAT_TOLERANCE = 1.25


def run(suite: Suite) -> ScenarioResult:
    measured = []
    for spec in suite.sizes.snapshot_sizes:
        _, full = suite.full_refreshes(spec)
        later = suite.later_snapshot_refreshes(spec)
        measured.append((spec, full, later))
    smallest_spec, _, smallest = measured[0]
    national_spec, national_full, national = measured[-1]
    base = median_seconds(smallest.runs)
    refreshes = Table(
        ("landing area", "refresh", *REFRESH_COLUMNS),
        tuple(
            row
            for spec, full, later in measured
            for row in (
                (spec.label, f"one new snapshot of authority {later.la_code}",
                 *refresh_cells(later.runs)),
                (spec.label, "full refresh of the same landing area", *refresh_cells(full)),
            )
        ),
    )
    flatness = Table(
        ("landing area", "authorities", "one new snapshot", f"× at {smallest_spec.label}",
         "÷ its full refresh"),
        tuple(
            (
                spec.label,
                str(spec.authorities),
                seconds(median_seconds(later.runs)),
                ratio(median_seconds(later.runs) / base),
                ratio(median_seconds(later.runs) / median_seconds(full)),
            )
            for spec, full, later in measured
        ),
    )
    notes = [
        f"In {national_spec.label} one new snapshot takes "
        f"{ratio(median_seconds(national.runs) / median_seconds(national_full))} the time of a "
        "full refresh."
    ]
    figures = {"seconds": median_seconds(national.runs)}
    if len(measured) > 1:
        flat = median_seconds(national.runs) / base
        figures["flat_ratio"] = flat
        figures["smallest_seconds"] = base
        notes.insert(0, (
            f"From {smallest_spec.label} to {national_spec.label} the one-snapshot refresh "
            f"takes {ratio(flat)} the time: {'within' if flat <= FLAT_TOLERANCE else 'over'} "
            f"the tolerance of {ratio(FLAT_TOLERANCE)} called flat."
        ))
    else:
        notes.insert(0, "No smaller area was measured (none smaller than this one), so "
                        "flatness is not.")
    return ScenarioResult(
        KEY,
        TITLE,
        described(__doc__),
        [refreshes, flatness] if len(measured) > 1 else [refreshes],
        notes=notes,
        figures=figures,
    )
