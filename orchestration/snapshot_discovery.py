"""Finding complete snapshots in the landing area: `<landing>/<la_code>/<YYYY-MM-DD>/`.

A snapshot folder is complete once its `_SUCCESS` file exists (the exporting job writes it
last); until then it is being copied and is left alone entirely, unless it has waited longer
than the grace period (CSC_SUCCESS_GRACE_HOURS), when it is reported. Inside a snapshot, a file
is matched to its kind of delivery and its extract table by name, ignoring case
(`SSD_Person.csv` is the SSD's `ssd_person`, `Annex_A.xlsx` an Annex A workbook:
delivery_kinds); any other file is reported and ignored. A folder holds one kind: one with files
of two kinds, or of none, is kept with its fault, which the loader records as its rejection.
Discovery only lists and stats: it never opens a file.

The landing folder is a boundary. Symbolic links in it are never followed: a linked authority
or snapshot folder is reported and not entered, and a linked file named for a table (or a
workbook) is listed with its link so that the loader rejects the snapshot naming it. Authority
codes are exactly three ASCII digits, so a folder named with other digits (`٩٠١`) is no
authority.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from orchestration import delivery_kinds

SUCCESS_MARKER = "_SUCCESS"
_AUTHORITY = re.compile(r"[0-9]{3}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

WAITING, LINK, MISNAMED = "waiting", "link", "misnamed"


@dataclass(frozen=True)
class SnapshotFile:
    table_name: str
    file_name: str
    path: Path
    source_file: str  # "<la>/<date>/<file name>", as raw.*.source_file records it
    link_target: str | None = None  # where it points, when it is a symbolic link (a fault)


@dataclass(frozen=True)
class Snapshot:
    la_code: str
    snapshot_date: date
    folder: Path
    files: tuple[SnapshotFile, ...]  # every file of a kind of delivery, in name order
    unknown_files: tuple[str, ...]  # other files in the folder, ignored
    kind: str | None = "ssd"  # the kind of delivery (delivery_kinds); None when faulty
    fault: str | None = None  # why the folder cannot be loaded whole (two kinds, or none)

    @property
    def label(self) -> str:
        return f"{self.la_code}/{self.snapshot_date.isoformat()}"

    def files_for(self, table_name: str) -> list[SnapshotFile]:
        """The file holding the table: one, none, or (a fault) two differing only in case."""
        return [f for f in self.files if f.table_name == table_name]


@dataclass(frozen=True)
class LandingNotice:
    """A folder of the landing area that is not loaded, and why, for the operator."""

    folder: str  # under the landing folder: "<la>" or "<la>/<date>"
    la_code: str | None  # when the folder is under a well-named authority folder
    kind: str  # WAITING (no _SUCCESS past the grace period), LINK, MISNAMED
    message: str
    since: datetime | None = None  # WAITING: when the folder last changed (UTC)

    def row(self) -> tuple:
        """As audit.landing_notices holds it."""
        return (self.folder, self.la_code, self.kind, self.message, self.since)


@dataclass(frozen=True)
class Discovery:
    snapshots: tuple[Snapshot, ...]  # by authority, then date
    notices: tuple[LandingNotice, ...]  # by folder


def discover(
    landing_dir: Path, success_grace_hours: float = 24.0, now: datetime | None = None
) -> Discovery:
    if not landing_dir.is_dir():
        raise FileNotFoundError(
            f"The landing folder {landing_dir} does not exist: set CSC_LANDING_DIR to the folder "
            "the case-system extracts arrive in."
        )
    now = now or datetime.now(UTC).replace(tzinfo=None)
    snapshots: list[Snapshot] = []
    notices: list[LandingNotice] = []
    for entry, complete in _snapshot_folders(landing_dir, notices):
        folder = Path(entry.path)
        la_code, day = folder.parent.name, folder.name
        snapshot_date = _parse_date(day)
        well_named = _AUTHORITY.fullmatch(la_code) is not None and snapshot_date is not None
        if complete and well_named:
            snapshots.append(_snapshot(folder, la_code, snapshot_date))
        elif complete:
            notices.append(
                LandingNotice(
                    f"{la_code}/{day}",
                    None,
                    MISNAMED,
                    f"{la_code}/{day}: ignored, a snapshot folder must be named <authority code: "
                    "three digits 0-9>/<extract date: YYYY-MM-DD>",
                )
            )
        elif well_named:
            since = _last_change(folder)
            if now - since > timedelta(hours=success_grace_hours):
                notices.append(_waiting(la_code, day, since, success_grace_hours))
    snapshots.sort(key=lambda s: (s.la_code, s.snapshot_date))
    notices.sort(key=lambda n: n.folder)
    return Discovery(tuple(snapshots), tuple(notices))


def landing_fingerprint(landing_dir: Path) -> str | None:
    """A digest of every complete snapshot's file names, sizes and modification times, or None
    when there is no complete snapshot.

    It changes when a snapshot is completed, added, or a file in one is replaced; cheap enough
    for a sensor to compute every minute.
    """
    folders = (
        sorted(Path(entry.path) for entry, complete in _snapshot_folders(landing_dir) if complete)
        if landing_dir.is_dir()
        else []
    )
    if not folders:
        return None
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.iterdir()):
            status = path.lstat()
            relative = path.relative_to(landing_dir).as_posix()
            digest.update(f"{relative}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _snapshot_folders(
    landing_dir: Path, notices: list[LandingNotice] | None = None
) -> list[tuple[os.DirEntry, bool]]:
    """Every folder two levels down, with whether it has its _SUCCESS file; symbolic links
    are not followed (and, given `notices`, are reported there)."""
    found = []
    for authority in _entries(landing_dir):
        la_code = authority.name if _AUTHORITY.fullmatch(authority.name) else None
        if authority.is_symlink():
            _report_link(authority, authority.name, la_code, notices)
        if not authority.is_dir(follow_symlinks=False):
            continue
        for folder in _entries(Path(authority.path)):
            if folder.is_symlink():
                _report_link(folder, f"{authority.name}/{folder.name}", la_code, notices)
            elif folder.is_dir(follow_symlinks=False):
                found.append((folder, os.path.lexists(Path(folder.path) / SUCCESS_MARKER)))
    return found


def _entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _report_link(
    entry: os.DirEntry, folder: str, la_code: str | None, notices: list[LandingNotice] | None
) -> None:
    if notices is not None:
        notices.append(
            LandingNotice(
                folder,
                la_code,
                LINK,
                f"{folder} is a symbolic link (to {os.readlink(entry.path)}): links in the "
                "landing folder are not followed, so nothing in it is loaded; copy the folder "
                "itself into the landing folder",
            )
        )


def _last_change(folder: Path) -> datetime:
    """When the folder or a file in it last changed (UTC), links not followed."""
    times = [entry.stat(follow_symlinks=False).st_mtime for entry in _entries(folder)]
    times.append(folder.lstat().st_mtime)
    return datetime.fromtimestamp(max(times), UTC).replace(tzinfo=None)


def _waiting(la_code: str, day: str, since: datetime, grace_hours: float) -> LandingNotice:
    hours = f"{grace_hours:g} hour" + ("" if grace_hours == 1 else "s")
    return LandingNotice(
        f"{la_code}/{day}",
        la_code,
        WAITING,
        f"{la_code}/{day} has no {SUCCESS_MARKER} file and has not changed since "
        f"{since:%Y-%m-%d %H:%M} UTC, more than {hours} ago: it is not loaded until the export "
        f"writes {SUCCESS_MARKER} last. If the export stopped part-way, deliver the snapshot again.",
        since,
    )


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
    by_kind: dict[str, list[str]] = {}
    for entry in _entries(folder):
        if entry.name == SUCCESS_MARKER:
            continue
        found = delivery_kinds.kind_of(entry.name)
        if found and (entry.is_symlink() or entry.is_file(follow_symlinks=False)):
            kind, table_name = found
            by_kind.setdefault(kind, []).append(entry.name)
            source_file = f"{la_code}/{snapshot_date.isoformat()}/{entry.name}"
            link = os.readlink(entry.path) if entry.is_symlink() else None
            files.append(SnapshotFile(table_name, entry.name, Path(entry.path), source_file, link))
        else:
            unknown.append(entry.name)
    fault = delivery_kinds.folder_fault(by_kind, unknown)
    kind = next(iter(by_kind)) if fault is None else None
    return Snapshot(la_code, snapshot_date, folder, tuple(files), tuple(unknown), kind, fault)
