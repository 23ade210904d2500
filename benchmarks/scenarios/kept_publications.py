"""Scenario 8: what keeping every publication costs on disk (orchestration/kept_publications.py).

For the demo area (the default size) and the national area, a site of its own is refreshed in
full, then a later snapshot of the first authority lands (generated with the same options at a
later extract date, a day later each time, as in scenario 3) and the refresh runs again, twice:
three publications, all inside the retention's keep-everything days. After each refresh
the serving file and the publications folder beside it are measured as the disk holds them
(allocated blocks, each file once however many hard links name it). The newest kept
publication is a hard link to the serving file and costs nothing twice; the extra storage is
what the older publications' files hold.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from benchmarks.figures import memory, ratio, seconds
from benchmarks.refresh_runs import run_refresh
from benchmarks.report import ScenarioResult, Table, described
from benchmarks.suite import Suite
from benchmarks.workspace import LandingArea, LandingSpec
from orchestration.kept_publications import folder_of
from seeds.generate import DEFAULT_EXTRACT_DATE

KEY = "kept_publications"
TITLE = "Kept publications: storage"
LATER_SNAPSHOTS = 2
COLUMNS = (
    "landing area", "refresh", "time", "publications kept", "serving file",
    "publications folder", "extra storage", "extra ÷ serving file",
)


@dataclass(frozen=True)
class Storage:
    publications: int
    serving_bytes: int
    folder_bytes: int  # every kept file once, the newest (the serving file's link) included
    extra_bytes: int  # the kept files other than the serving file itself


def run(suite: Suite) -> ScenarioResult:
    rows, notes = [], []
    for spec in (suite.sizes.default, suite.sizes.national):
        measured = _refreshes_with_changes(suite, spec)
        for number, (refresh_seconds, storage) in enumerate(measured, start=1):
            rows.append((
                spec.label,
                "full" if number == 1 else f"after later snapshot {number - 1}",
                seconds(refresh_seconds),
                str(storage.publications),
                memory(storage.serving_bytes),
                memory(storage.folder_bytes),
                memory(storage.extra_bytes),
                ratio(storage.extra_bytes / storage.serving_bytes),
            ))
        last = measured[-1][1]
        notes.append(
            f"{spec.label}: after {len(measured)} publications the kept ones add "
            f"{memory(last.extra_bytes)} to a serving file of {memory(last.serving_bytes)} "
            f"({ratio(last.extra_bytes / last.serving_bytes)}), about "
            f"{memory(last.extra_bytes / max(1, last.publications - 1))} per older publication."
        )
    return ScenarioResult(KEY, TITLE, described(__doc__), [Table(COLUMNS, tuple(rows))], notes=notes)


def _refreshes_with_changes(
    suite: Suite, spec: LandingSpec
) -> list[tuple[float, Storage]]:
    """The full refresh and the refreshes after each later snapshot, with the storage after each.
    The site's landing area links the size's generated files (nothing is copied or changed in
    them) and adds the later snapshots."""
    generated = suite.workspace.landing(spec)
    scratch = suite.workspace.scratch(f"{KEY}-{spec.slug}")
    landing = scratch / "landing"
    shutil.copytree(generated.path, landing, copy_function=os.link)
    site = suite.workspace.site(f"{KEY}-{spec.slug}", LandingArea(
        spec, landing, generated.rows, generated.csv_bytes))
    first_date = date.fromisoformat(spec.extract_date) if spec.extract_date else DEFAULT_EXTRACT_DATE
    measured = []
    try:
        for number in range(LATER_SNAPSHOTS + 1):
            if number:
                extract_date = (first_date + timedelta(days=number)).isoformat()
                one = replace(spec, label="one authority", authorities=1, extract_date=extract_date)
                _, area = suite.workspace.generate(one, scratch / extract_date)
                [snapshot] = [p for p in area.path.glob("*/*") if p.is_dir()]
                shutil.move(snapshot, landing / snapshot.parent.name / snapshot.name)
                shutil.rmtree(area.path)
            refreshed = run_refresh(site, suite.with_dbt)
            measured.append((refreshed.seconds, storage_of(site.serving_path)))
            suite.log(f"kept publications, {spec.label}, refresh {number + 1}: "
                      f"{seconds(refreshed.seconds)}, {measured[-1][1]}")
    finally:
        shutil.rmtree(site.root, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    return measured


def storage_of(serving_path: Path) -> Storage:
    """The serving file and its publications folder as the disk holds them."""
    serving = serving_path.stat()
    seen, folder_bytes, extra_bytes, publications = set(), 0, 0, 0
    for kept in sorted(folder_of(serving_path).glob("*.duckdb")):
        status = kept.stat()
        publications += 1
        if (status.st_dev, status.st_ino) in seen:
            continue
        seen.add((status.st_dev, status.st_ino))
        folder_bytes += _on_disk(status)
        if (status.st_dev, status.st_ino) != (serving.st_dev, serving.st_ino):
            extra_bytes += _on_disk(status)
    return Storage(publications, _on_disk(serving), folder_bytes, extra_bytes)


def _on_disk(status: os.stat_result) -> int:
    return status.st_blocks * 512
