"""Scenario 8: what keeping every publication costs on disk (orchestration/kept_publications.py).

Measured on the sites of scenario 3 (the national warehouse and the smaller ones), whose
publications it leaves: the full refresh's, then one after each later snapshot of the first
authority, all inside the retention's keep-everything days, so every one is kept. After each
refresh the serving file and the publications folder beside it are measured as the disk holds
them (allocated blocks, each file once however many hard links name it): a publication's file
is never changed once kept, so the folder as it was after the k-th refresh is its first k
publications, the k-th then the serving file. The newest kept publication is a hard link to the
serving file and costs nothing twice; the extra storage is what the older publications' files
hold. The times are those of scenario 3's refreshes (the full refresh's, its last run).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from benchmarks.figures import memory, ratio, seconds
from benchmarks.process_runs import BenchmarkError
from benchmarks.report import ScenarioResult, Table, described
from benchmarks.suite import Suite
from orchestration.kept_publications import folder_of

KEY = "kept_publications"
TITLE = "Kept publications: storage"
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
    for spec in suite.sizes.snapshot_sizes:
        _, full = suite.full_refreshes(spec)
        later = suite.later_snapshot_refreshes(spec)
        times = [full[-1].seconds, *(r.seconds for r in later.runs)]
        kept = publications_of(later.site.serving_path)
        if len(kept) != len(times):
            raise BenchmarkError(
                f"{folder_of(later.site.serving_path)} holds {len(kept)} publications after "
                f"{len(times)} refreshes that each published one: were some pruned "
                "(CSC_KEEP_ALL_PUBLICATIONS_DAYS)?"
            )
        measured = [storage_of(kept[:number]) for number in range(1, len(kept) + 1)]
        for number, (refresh_seconds, storage) in enumerate(zip(times, measured), start=1):
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
        last = measured[-1]
        notes.append(
            f"{spec.label}: after {len(measured)} publications the kept ones add "
            f"{memory(last.extra_bytes)} to a serving file of {memory(last.serving_bytes)} "
            f"({ratio(last.extra_bytes / last.serving_bytes)}), about "
            f"{memory(last.extra_bytes / max(1, last.publications - 1))} per older publication."
        )
    return ScenarioResult(KEY, TITLE, described(__doc__), [Table(COLUMNS, tuple(rows))], notes=notes)


def publications_of(serving_path: Path) -> list[Path]:
    """The kept publications' files, oldest first (their names are when they were published)."""
    return sorted(folder_of(serving_path).glob("*.duckdb"))


def storage_of(kept: list[Path]) -> Storage:
    """The publications folder as the disk holds it when these publications (oldest first)
    were all it held, the newest of them the serving file."""
    serving = kept[-1].stat()
    seen, folder_bytes, extra_bytes, publications = set(), 0, 0, 0
    for path in kept:
        status = path.stat()
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
