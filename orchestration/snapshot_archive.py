"""Byte-for-byte copies of every loaded snapshot: `<archive>/<la>/<date>/`.

The landing area belongs to the exporting systems; the loader never modifies, moves or deletes
anything there. Before a snapshot is loaded its files are copied into a hidden folder beside
their archive place. Each file is hashed as it is copied, in the same pass, and the SHA-256 of
the bytes copied is checked against the one the decision to load it rested on; the load then
reads the copies, so the warehouse holds exactly the bytes the archive keeps and the ledger
names. The folder takes its final name just before the load commits (a rename, so it appears
whole); if the process dies in between, the next load of the snapshot replaces it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from orchestration.snapshot_discovery import Snapshot, SnapshotFile

_CHUNK_BYTES = 8 * 1024 * 1024


class ArchiveError(RuntimeError):
    """A copy did not match its original: the disk or the landing area is not to be trusted."""


class ArchiveCopy:
    """The archive copy of one snapshot while it is being loaded (see copy_snapshots)."""

    def __init__(self, archive_dir: Path, snapshot: Snapshot):
        """Make the hidden folder the snapshot's files are copied into."""
        self.final = archive_dir / snapshot.la_code / snapshot.snapshot_date.isoformat()
        # Copies an interrupted load left aside (the warehouse lock says no loader is running).
        if self.final.parent.is_dir():
            for leftover in self.final.parent.glob(f".{self.final.name}.incoming-*"):
                shutil.rmtree(leftover, ignore_errors=True)
        self.incoming = self.final.with_name(f".{self.final.name}.incoming-{uuid.uuid4().hex}")
        self.incoming.mkdir(parents=True)
        self._paths = {f.file_name: self.incoming / f.file_name for f in snapshot.files}

    def path_of(self, file_name: str) -> Path:
        return self._paths[file_name]

    def keep(self) -> None:
        """Give the copy its archive name, replacing what an interrupted load left there."""
        if self.final.exists():
            shutil.rmtree(self.final)
        self.incoming.rename(self.final)
        self._paths = {name: self.final / path.name for name, path in self._paths.items()}

    def discard(self) -> None:
        shutil.rmtree(self.incoming, ignore_errors=True)


def copy_snapshots(
    archive_dir: Path, snapshots: Sequence[tuple[Snapshot, dict[str, str]]]
) -> list[ArchiveCopy]:
    """Copy the snapshots' files aside, in parallel; each snapshot comes with the SHA-256 its
    files must have, by file name. ArchiveError (and nothing left aside) when one differs."""
    copies = [ArchiveCopy(archive_dir, snapshot) for snapshot, _ in snapshots]
    work = [
        (snapshot_file, copy.path_of(snapshot_file.file_name), expected[snapshot_file.file_name])
        for copy, (snapshot, expected) in zip(copies, snapshots)
        for snapshot_file in snapshot.files
        if snapshot_file.link_target is None  # a link is never followed: the loader rejects it
    ]
    try:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(lambda job: _copy_checked(*job), work))
    except BaseException:
        for copy in copies:
            copy.discard()
        raise
    return copies


def _copy_checked(snapshot_file: SnapshotFile, target: Path, expected_sha256: str) -> None:
    digest = hashlib.sha256()
    # Not following a link, not even one put in place since discovery.
    original = os.fdopen(os.open(snapshot_file.path, os.O_RDONLY | os.O_NOFOLLOW), "rb")
    with original as reader, target.open("wb") as writer:
        while chunk := reader.read(_CHUNK_BYTES):
            digest.update(chunk)  # hashlib releases the GIL: copies run in parallel
            writer.write(chunk)
    if digest.hexdigest() != expected_sha256:
        raise ArchiveError(
            f"The archive copy of {snapshot_file.source_file} does not match the original "
            f"(SHA-256 {expected_sha256}); was the file still being written?"
        )
