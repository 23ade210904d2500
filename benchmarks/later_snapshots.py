"""A later snapshot of one authority landing in a refreshed warehouse, and the refresh after it.

The snapshot is generated with the same options as the site's landing area but one authority
and a later extract date (a day later for the first, two days for the second...), so it is the
first authority's next delivery; it is moved into the landing area, the refresh runs, and the
next one lands. Every refresh publishes, so the site's publications are then the full
refresh's and one per later snapshot. The snapshots added are taken out of the landing area
again at the end (the warehouse keeps what it loaded).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from benchmarks.figures import seconds
from benchmarks.refresh_runs import RefreshRun, run_refresh
from benchmarks.workspace import Site, Workspace
from seeds.generate import DEFAULT_EXTRACT_DATE


@dataclass(frozen=True)
class LaterSnapshotRefreshes:
    site: Site
    la_code: str  # the authority that sent the later snapshots
    runs: list[RefreshRun]  # one refresh per later snapshot, in the order they landed


def refreshes_after_later_snapshots(
    workspace: Workspace, site: Site, runs: int, with_dbt: bool, log: Callable[[str], None]
) -> LaterSnapshotRefreshes:
    spec = site.landing.spec
    first_date = date.fromisoformat(spec.extract_date) if spec.extract_date else (
        DEFAULT_EXTRACT_DATE
    )
    scratch = workspace.scratch(f"later-snapshots-{spec.slug}")
    added, measured = [], []
    try:
        for number in range(1, runs + 1):
            extract_date = (first_date + timedelta(days=number)).isoformat()
            one = replace(spec, label="one authority", authorities=1, extract_date=extract_date)
            _, area = workspace.generate(one, scratch / extract_date)
            [snapshot] = [p for p in area.path.glob("*/*") if p.is_dir()]
            target = site.landing.path / snapshot.parent.name / snapshot.name
            shutil.move(snapshot, target)
            added.append(target)
            measured.append(run_refresh(site, with_dbt))
            log(f"new snapshot {target.parent.name}/{target.name} in {spec.label}, "
                f"run {number}/{runs}: {seconds(measured[-1].seconds)}")
    finally:
        for folder in added:
            shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    return LaterSnapshotRefreshes(site, added[0].parent.name, measured)
