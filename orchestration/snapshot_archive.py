"""Byte-for-byte copies of every loaded snapshot: `<archive>/<la>/<date>/`.

The landing area belongs to the exporting systems; the loader never modifies, moves or deletes
anything there. Before a snapshot is loaded its files are copied into a hidden folder beside
their archive place and each copy's SHA-256 is checked against the original's; the load then
reads the copies, so the warehouse holds exactly the bytes the archive keeps. The folder takes
its final name just before the load commits (a rename, so it appears whole); if the process
dies in between, the next load of the snapshot replaces it.
"""

from __future__ import annotations

import os
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from orchestration.file_facts import read_all_facts
from orchestration.snapshot_discovery import Snapshot


class ArchiveError(RuntimeError):
    """A copy did not match its original: the disk or the landing area is not to be trusted."""


class ArchiveCopy:
    """The archive copy of one snapshot while it is being loaded."""

    def __init__(self, archive_dir: Path, snapshot: Snapshot, expected_sha256: dict[str, str]):
        """Copy the snapshot's files aside; `expected_sha256` is by file name."""
        self.final = archive_dir / snapshot.la_code / snapshot.snapshot_date.isoformat()
        # Copies an interrupted load left aside (the warehouse lock says no loader is running).
        if self.final.parent.is_dir():
            for leftover in self.final.parent.glob(f".{self.final.name}.incoming-*"):
                shutil.rmtree(leftover, ignore_errors=True)
        self.incoming = self.final.with_name(f".{self.final.name}.incoming-{uuid.uuid4().hex}")
        self.incoming.mkdir(parents=True)
        self._paths = {f.file_name: self.incoming / f.file_name for f in snapshot.files}
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            list(pool.map(shutil.copyfile, [f.path for f in snapshot.files], self._paths.values()))
        copied = read_all_facts(self._paths.values())
        for snapshot_file in snapshot.files:
            expected = expected_sha256[snapshot_file.file_name]
            if copied[self._paths[snapshot_file.file_name]].sha256 != expected:
                self.discard()
                raise ArchiveError(
                    f"The archive copy of {snapshot_file.source_file} does not match the "
                    f"original (SHA-256 {expected}); was the file still being written?"
                )

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
