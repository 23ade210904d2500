"""Every publication kept, not only the newest: what the app showed on any day can be shown again.

Each publication of the serving database is also kept as a file of its own in the publications
folder beside it (`<serving file's stem>-publications/<publication id>.duckdb`, owner-only like
everything the refresh writes). The kept file is a hard link to the file moved into place, so
the newest publication costs no space twice; an older one costs its own size once a newer file
has replaced it. Every serving file holds `publications`: the publications kept when it was
published, its own included (id, when, by which run, the kept file, the snapshots it covered),
which is how the app lists them and how the next publication knows them.

Old publications are pruned by the retention setting at each publication, never by hand: every
publication of the last CSC_KEEP_ALL_PUBLICATIONS_DAYS days (default 90) is kept, and beyond that
the last one of each calendar month for CSC_KEEP_MONTHLY_PUBLICATIONS_YEARS years (default 7);
the newest always. A file in the folder that no
publication names (a publication killed before its swap) is removed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from orchestration.build_provenance import BuiltFromSnapshot

PUBLICATIONS_TABLE = "publications"
_SNAPSHOT_TYPE = "STRUCT(la_code VARCHAR, extract_date DATE, load_id VARCHAR, kind VARCHAR)"
COLUMNS = (
    ("publication_id", "VARCHAR"),
    ("published_at", "TIMESTAMP"),
    ("run_id", "VARCHAR"),
    ("file", "VARCHAR"),
    ("snapshots", f"{_SNAPSHOT_TYPE}[]"),
)


@dataclass(frozen=True)
class Retention:
    keep_all_days: int
    keep_monthly_years: int


@dataclass(frozen=True)
class KeptPublication:
    publication_id: str
    published_at: datetime
    run_id: str | None
    file: str
    snapshots: tuple[dict, ...]  # {la_code, extract_date, load_id, kind}


def folder_of(serving_path: Path) -> Path:
    return serving_path.with_name(f"{serving_path.stem}-publications")


def publication_id(published_at: datetime) -> str:
    """A publication's id: when it was published, UTC, to the microsecond (sorts as it reads)."""
    return published_at.strftime("%Y%m%dT%H%M%S%fZ")


def new_publication(
    serving_path: Path,
    published_at: datetime,
    run_id: str | None,
    snapshots: Iterable[BuiltFromSnapshot],
) -> KeptPublication:
    identifier = publication_id(published_at)
    return KeptPublication(
        identifier,
        published_at,
        run_id,
        str(folder_of(serving_path) / f"{identifier}.duckdb"),
        tuple(
            {
                "la_code": s.la_code,
                "extract_date": s.extract_date,
                "load_id": s.load_id,
                "kind": s.kind,
            }
            for s in snapshots
        ),
    )


def kept_so_far(serving_path: Path) -> list[KeptPublication]:
    """The publications the current serving file lists whose files are still there (none
    before the first publication, or from a file older than this list)."""
    if not serving_path.exists():
        return []
    connection = duckdb.connect(str(serving_path), read_only=True)
    try:
        [(has_table,)] = connection.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
            [PUBLICATIONS_TABLE],
        ).fetchall()
        if not has_table:
            return []
        rows = connection.execute(
            f"SELECT {', '.join(name for name, _ in COLUMNS)} FROM main.{PUBLICATIONS_TABLE} "
            "ORDER BY published_at"
        ).fetchall()
    finally:
        connection.close()
    return [
        KeptPublication(identifier, at, run_id, file, tuple(snapshots))
        for identifier, at, run_id, file, snapshots in rows
        if Path(file).exists()
    ]


def retained(
    publications: list[KeptPublication], now: datetime, retention: Retention
) -> list[KeptPublication]:
    """The publications the retention setting keeps, oldest first: every one of the last
    keep_all_days days, the last of each calendar month within keep_monthly_years years, and
    the newest whatever its age."""
    if not publications:
        return []
    ordered = sorted(publications, key=lambda p: p.published_at)
    last_of_month = {_month(p): p for p in ordered}  # the later overwrites the earlier
    recent = now - timedelta(days=retention.keep_all_days)
    monthly = _years_before(now, retention.keep_monthly_years)
    return [
        p
        for p in ordered
        if p.published_at >= recent
        or (p.published_at >= monthly and last_of_month[_month(p)] is p)
        or p is ordered[-1]
    ]


def write_table(connection: duckdb.DuckDBPyConnection, publications: list[KeptPublication]) -> None:
    """The `publications` table of a serving file being written."""
    connection.execute(
        f"CREATE OR REPLACE TABLE main.{PUBLICATIONS_TABLE} ("
        + ", ".join(f"{name} {sql_type}" for name, sql_type in COLUMNS)
        + ")"
    )
    connection.executemany(
        f"INSERT INTO main.{PUBLICATIONS_TABLE} VALUES (?, ?, ?, ?, ?)",
        [
            [p.publication_id, p.published_at, p.run_id, p.file, list(p.snapshots)]
            for p in publications
        ],
    )


def keep(incoming: Path, publication: KeptPublication) -> None:
    """Keep the new serving file (written and closed) as its publication's file: a hard link,
    or a copy where the file system has none."""
    kept = Path(publication.file)
    kept.parent.mkdir(mode=0o700, exist_ok=True)
    kept.unlink(missing_ok=True)
    try:
        os.link(incoming, kept)
    except OSError:
        shutil.copyfile(incoming, kept)


def prune(serving_path: Path, kept: list[KeptPublication]) -> list[Path]:
    """Delete the publications' files the retention no longer keeps (and any file no
    publication names); the files deleted."""
    folder = folder_of(serving_path)
    if not folder.exists():
        return []
    wanted = {Path(p.file).name for p in kept}
    removed = []
    for path in sorted(folder.iterdir()):
        if path.name not in wanted:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _month(publication: KeptPublication) -> tuple[int, int]:
    return publication.published_at.year, publication.published_at.month


def _years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)

