"""Every publication kept, each in a file of its own, and pruned by the retention setting."""

from __future__ import annotations

import dataclasses
import os
from datetime import datetime

from snapshot_fixtures import query, write_snapshot

from orchestration import kept_publications
from orchestration.kept_publications import KeptPublication, Retention, retained
from orchestration.landing_load import load_landing_area
from orchestration.serving_publication import publish


def published(*moments: str) -> list[KeptPublication]:
    return [
        KeptPublication(moment, datetime.fromisoformat(moment), None, f"/kept/{moment}", ())
        for moment in moments
    ]


def test_the_retention_keeps_90_days_whole_and_the_last_of_each_month_for_7_years():
    publications = published(
        "2019-11-30 06:00",  # the last of its month, but more than 7 years before
        "2019-12-31 06:00",  # the last of December 2019: within 7 years of 2026-12-01
        "2025-06-02 06:00",
        "2025-06-28 06:00",  # the last of June 2025
        "2026-08-31 06:00",  # the last of August, more than 90 days before
        "2026-08-30 06:00",
        "2026-09-02 06:00",  # exactly 90 days before: kept
        "2026-09-10 06:00",
        "2026-11-30 06:00",
    )
    kept = retained(publications, datetime(2026, 12, 1, 6, 0), Retention(90, 7))
    assert [p.publication_id for p in kept] == [
        "2019-12-31 06:00",
        "2025-06-28 06:00",
        "2026-08-31 06:00",
        "2026-09-02 06:00",
        "2026-09-10 06:00",
        "2026-11-30 06:00",
    ]


def test_the_newest_publication_is_kept_whatever_the_setting():
    publications = published("2020-01-15 06:00", "2020-02-15 06:00")
    kept = retained(publications, datetime(2026, 12, 1), Retention(0, 0))
    assert [p.publication_id for p in kept] == ["2020-02-15 06:00"]


def test_each_publication_is_kept_as_a_file_and_listed_in_the_next(paths):
    write_snapshot(paths.landing_dir)
    load_landing_area(paths, log=lambda message: None)
    first = publish(paths, run_id="run-1", log=lambda message: None)
    second = publish(paths, run_id="run-2", log=lambda message: None)

    folder = paths.serving_path.with_name("serving-publications")
    files = [folder / f"{first.publication_id}.duckdb", folder / f"{second.publication_id}.duckdb"]
    assert sorted(folder.iterdir()) == files
    assert second.kept == (first.publication_id, second.publication_id)
    rows = query(
        paths.serving_path,
        "SELECT publication_id, run_id, file, [s.la_code || '/' || s.extract_date || ' ' || s.kind "
        "FOR s IN snapshots] FROM publications ORDER BY published_at",
    )
    assert rows == [
        (first.publication_id, "run-1", str(files[0]), ["901/2024-03-31 ssd"]),
        (second.publication_id, "run-2", str(files[1]), ["901/2024-03-31 ssd"]),
    ]
    # The newest is the serving file itself (no space twice); the first is what it was.
    assert os.stat(files[1]).st_ino == os.stat(paths.serving_path).st_ino
    assert query(files[0], "SELECT run_id, publication_id FROM refresh_info") == [
        ("run-1", first.publication_id)
    ]
    assert os.stat(folder).st_mode & 0o777 == 0o700


def test_a_publication_the_retention_lets_go_is_deleted(paths):
    write_snapshot(paths.landing_dir)
    load_landing_area(paths, log=lambda message: None)
    first = publish(paths, log=lambda message: None)
    orphan = paths.serving_path.with_name("serving-publications") / "killed-before-swap.duckdb"
    orphan.write_bytes(b"a publication killed before its swap")
    keep_none = dataclasses.replace(
        paths, keep_all_publications_days=0, keep_monthly_publications_years=0
    )
    second = publish(keep_none, log=lambda message: None)
    assert second.kept == (second.publication_id,)
    assert sorted(second.pruned) == [f"{first.publication_id}.duckdb", orphan.name]
    assert [p.name for p in kept_publications.folder_of(paths.serving_path).iterdir()] == [
        f"{second.publication_id}.duckdb"
    ]
    assert query(paths.serving_path, "SELECT publication_id FROM publications") == [
        (second.publication_id,)
    ]
