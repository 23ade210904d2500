"""Finding complete snapshots in the landing area: `<landing>/<la_code>/<YYYY-MM-DD>/`.

A snapshot folder is complete once its `_SUCCESS` file exists (the exporting job writes it
last); until then it is being copied and is left alone entirely. Inside a snapshot, a file is
matched to its extract table by name, ignoring case (`SSD_Person.csv` is `ssd_person`); any
other file is reported and ignored. Discovery only lists and stats: it never opens a file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.extract_format import TABLES_BY_NAME

SUCCESS_MARKER = "_SUCCESS"
_AUTHORITY = re.compile(r"\d{3}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class SnapshotFile:
    table_name: str
    file_name: str
    path: Path
    source_file: str  # "<la>/<date>/<file name>", as raw.*.source_file records it


@dataclass(frozen=True)
class Snapshot:
    la_code: str
    snapshot_date: date
    folder: Path
    files: tuple[SnapshotFile, ...]  # every file named for an extract table, in name order
    unknown_files: tuple[str, ...]  # other files in the folder, ignored

    @property
    def label(self) -> str:
        return f"{self.la_code}/{self.snapshot_date.isoformat()}"

    def files_for(self, table_name: str) -> list[SnapshotFile]:
        """The file holding the table: one, none, or (a fault) two differing only in case."""
        return [f for f in self.files if f.table_name == table_name]


@dataclass(frozen=True)
class Discovery:
    snapshots: tuple[Snapshot, ...]  # by authority, then date
    ignored_folders: tuple[str, ...]  # complete folders whose names do not fit, in words


def discover(landing_dir: Path) -> Discovery:
    if not landing_dir.is_dir():
        raise FileNotFoundError(
            f"The landing folder {landing_dir} does not exist: set CSC_LANDING_DIR to the folder "
            "the case-system extracts arrive in."
        )
    snapshots: list[Snapshot] = []
    ignored: list[str] = []
    for folder in _complete_folders(landing_dir):
        la_code, day = folder.parent.name, folder.name
        snapshot_date = _parse_date(day)
        if not _AUTHORITY.fullmatch(la_code) or snapshot_date is None:
            ignored.append(
                f"{la_code}/{day}: ignored, a snapshot folder must be <three-digit authority "
                "code>/<YYYY-MM-DD>"
            )
            continue
        snapshots.append(_snapshot(folder, la_code, snapshot_date))
    snapshots.sort(key=lambda s: (s.la_code, s.snapshot_date))
    return Discovery(tuple(snapshots), tuple(ignored))


def landing_fingerprint(landing_dir: Path) -> str | None:
    """A digest of every complete snapshot's file names, sizes and modification times, or None
    when there is no complete snapshot.

    It changes when a snapshot is completed, added, or a file in one is replaced; cheap enough
    for a sensor to compute every minute.
    """
    folders = sorted(_complete_folders(landing_dir)) if landing_dir.is_dir() else []
    if not folders:
        return None
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.iterdir()):
            status = path.stat()
            relative = path.relative_to(landing_dir).as_posix()
            digest.update(f"{relative}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _complete_folders(landing_dir: Path) -> list[Path]:
    return [
        folder
        for authority in landing_dir.iterdir()
        if authority.is_dir()
        for folder in authority.iterdir()
        if folder.is_dir() and (folder / SUCCESS_MARKER).is_file()
    ]


def _parse_date(text: str) -> date | None:
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _snapshot(folder: Path, la_code: str, snapshot_date: date) -> Snapshot:
    files: list[SnapshotFile] = []
    unknown: list[str] = []
    for path in sorted(folder.iterdir()):
        if path.name == SUCCESS_MARKER:
            continue
        table_name = path.name.lower().removesuffix(".csv")
        if path.is_file() and path.name.lower().endswith(".csv") and table_name in TABLES_BY_NAME:
            source_file = f"{la_code}/{snapshot_date.isoformat()}/{path.name}"
            files.append(SnapshotFile(table_name, path.name, path, source_file))
        else:
            unknown.append(path.name)
    return Snapshot(la_code, snapshot_date, folder, tuple(files), tuple(unknown))
