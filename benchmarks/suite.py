"""One run of the suite: its sizes, its workspace, and what earlier scenarios measured.

Full refreshes are the expensive measurement, and several scenarios need them (the full
refresh table, the raw-scan multiples, the reference for one new snapshot, the smallest
scaling point, a national serving database for the app), so each size is refreshed once per
run and the measurements and the refreshed site are shared. So are the refreshes after a later
snapshot of one authority (the one-new-snapshot scenario measures them; the kept-publications
scenario measures the publications they leave).

Repetitions follow the cost of one measurement: a refresh of the national size is measured
once (the runs column of every table says so), one of any smaller size `big_runs` times, and
what takes seconds `cheap_runs` times; that keeps a whole `make bench` within about 50
minutes on 2 cores.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks.figures import seconds
from benchmarks.later_snapshots import LaterSnapshotRefreshes, refreshes_after_later_snapshots
from benchmarks.refresh_runs import RefreshRun, run_refresh
from benchmarks.report import ScenarioResult
from benchmarks.workspace import LandingSpec, Site, Workspace


@dataclass(frozen=True)
class SuiteSizes:
    name: str
    refresh_sizes: tuple[LandingSpec, ...]  # the default size first, national scale last
    scaling_factors: tuple[int, ...]
    # Areas smaller than the national one where one new snapshot is measured too (the
    # national area's options with fewer authorities): the one-snapshot refresh must stay flat.
    snapshot_authorities: tuple[int, ...]
    big_runs: int  # repetitions of a measurement that takes minutes, below national size
    national_runs: int  # repetitions of a refresh (or load) of the national size
    cheap_runs: int  # repetitions of the ones that take seconds
    app_authorities: int  # authorities the app scenario visits

    @property
    def default(self) -> LandingSpec:
        return self.refresh_sizes[0]

    @property
    def national(self) -> LandingSpec:
        return self.refresh_sizes[-1]

    @property
    def snapshot_sizes(self) -> tuple[LandingSpec, ...]:
        """The areas one new snapshot is measured in, smallest first, the national one last."""
        smaller = sorted(n for n in set(self.snapshot_authorities) if n < self.national.authorities)
        return (
            *(replace(self.national, label=f"{n} authorit{'y' if n == 1 else 'ies'}",
                      authorities=n) for n in smaller),
            self.national,
        )

    def runs_of(self, spec: LandingSpec) -> int:
        """How many times a refresh of this size is measured."""
        return self.national_runs if spec == self.national else self.big_runs

    def scaled(self, factor: int) -> LandingSpec:
        """The default size with `factor` times its referrals: the same data at factor 1."""
        referrals = self.default.referrals_per_year * factor
        return replace(
            self.default, label=f"{factor}× ({referrals:,} referrals a year)",
            referrals_per_year=referrals,
        )


FULL = SuiteSizes(
    name="full",
    refresh_sizes=(
        LandingSpec("1 authority (default size)", 1, 3500, "improving"),
        LandingSpec("10 authorities", 10, 3500, "mixed"),
        LandingSpec("150 authorities (national)", 150, 3500, "mixed"),
    ),
    scaling_factors=(1, 2, 4),
    snapshot_authorities=(10, 50),
    big_runs=3,
    national_runs=1,
    cheap_runs=5,
    # 20 visits of each page: the p95 (the 19th) is not a single visit's one-off pause.
    app_authorities=20,
)

# Tiny sizes, one repetition: for the smoke test, which checks the scripts, not the speed.
# The default size has the national stand-in's options, so the one-authority area where one
# new snapshot is measured is the same data and shares its refresh (a refresh fewer).
QUICK = SuiteSizes(
    name="quick",
    refresh_sizes=(
        LandingSpec("1 small authority", 1, 60, "mixed"),
        LandingSpec("2 small authorities (national stand-in)", 2, 60, "mixed"),
    ),
    scaling_factors=(1, 2, 4),
    snapshot_authorities=(1,),
    big_runs=1,
    national_runs=1,
    cheap_runs=1,
    app_authorities=2,
)


class Suite:
    def __init__(
        self,
        sizes: SuiteSizes,
        workspace: Workspace,
        with_dbt: bool = True,
        log: Callable[[str], None] | None = None,
        app_serving_path: Path | None = None,
    ):
        self.sizes = sizes
        self.workspace = workspace
        self.with_dbt = with_dbt
        # A serving database to measure the app on instead of refreshing the national size.
        self.app_serving_path = app_serving_path
        self.results: dict[str, ScenarioResult] = {}
        self._log = log or _to_stderr
        self._refreshed: dict[LandingSpec, tuple[Site, list[RefreshRun]]] = {}
        self._after_later_snapshots: dict[LandingSpec, LaterSnapshotRefreshes] = {}

    def log(self, message: str) -> None:
        self._log(message)

    def full_refreshes(self, spec: LandingSpec) -> tuple[Site, list[RefreshRun]]:
        """Full refreshes of the size's landing area, each into an emptied warehouse (as many
        as runs_of says); the site is left refreshed, its one publication the last run's.
        Measured the first time a size is asked for, then shared."""
        if spec not in self._refreshed:
            runs = self.sizes.runs_of(spec)
            landing = self.workspace.landing(spec)
            site = self.workspace.site(spec.slug, landing)
            measured = []
            for number in range(1, runs + 1):
                site.reset()
                measured.append(run_refresh(site, self.with_dbt))
                self.log(
                    f"full refresh, {spec.label}, run {number}/{runs}: "
                    f"{seconds(measured[-1].seconds)}"
                )
            self._refreshed[spec] = (site, measured)
        return self._refreshed[spec]

    def refreshed_site(self, spec: LandingSpec) -> Site:
        """A warehouse over the size's landing area, refreshed (measured if it is the first)."""
        return self.full_refreshes(spec)[0]

    def later_snapshot_refreshes(self, spec: LandingSpec) -> LaterSnapshotRefreshes:
        """The size's refreshed site after later snapshots of one authority, each followed by
        a refresh (as many as runs_of says). Measured the first time, then shared."""
        if spec not in self._after_later_snapshots:
            site, _ = self.full_refreshes(spec)
            self._after_later_snapshots[spec] = refreshes_after_later_snapshots(
                self.workspace, site, self.sizes.runs_of(spec), self.with_dbt, self.log)
        return self._after_later_snapshots[spec]


def _to_stderr(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
