"""What the loader learns from one pass over a file's bytes: SHA-256, size, lines, NUL bytes.

Every file is read once here, in parallel threads (hashlib releases the GIL), before anything
else: the SHA-256 decides whether a snapshot is new, unchanged or changed since it was loaded.
The same pass counts the file's lines, so that the loader can tell, at no extra cost, whether
every line is one record: when it is not (an empty line between records, or a quoted field
holding a line break), rows are numbered by the slower record-by-record count
(csv_inspection.blank_row_offsets). It also notes the first line holding a NUL byte, wherever
it is: a file with one is not text and is rejected.

A symbolic link is never followed: its facts are those of the link (its SHA-256 is that of
"symbolic link to <target>"), so that a snapshot holding one is rejected, and is loaded again
once the file itself is delivered.

The pass also notes the file's identity as it was read (FileIdentity, from the open file) and
when: known_files keeps both, so that a later load knows the file unchanged without reading it.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

_CHUNK_BYTES = 8 * 1024 * 1024
_LINE_ENDINGS = b"\r\n"


@dataclass(frozen=True)
class FileIdentity:
    """What the file system says of a file without reading it. A write changes the size or the
    modification time, and always the change time (which no tool can set back); a file put in
    its place has a new inode. While none of them differs, neither do the bytes: git's index
    rests on the same facts."""

    size_bytes: int
    modified_ns: int
    changed_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, status: os.stat_result) -> FileIdentity:
        return cls(
            status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev
        )


@dataclass(frozen=True)
class FileFacts:
    sha256: str
    size_bytes: int
    # Lines up to and including the last one with content (empty lines at the end left out).
    content_lines: int
    nul_line: int | None = None  # the first line holding a NUL byte, counted from 1
    # The file's identity when it was opened to be read, and the clock then (nanoseconds since
    # the epoch); None for a symbolic link, whose facts are never kept.
    identity: FileIdentity | None = None
    read_at_ns: int | None = None


def read_facts(path: Path) -> FileFacts:
    if path.is_symlink():
        link = b"symbolic link to " + os.fsencode(os.readlink(path))
        return FileFacts(sha256=hashlib.sha256(link).hexdigest(), size_bytes=0, content_lines=0)
    digest = hashlib.sha256()
    size = line_breaks = 0
    nul_line = None
    trailing = b""  # the line endings after the last byte of content seen so far
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as handle:
        # Before the first byte is read: a write during the pass makes the identity kept stale.
        read_at_ns = time.time_ns()
        identity = FileIdentity.of(os.fstat(handle.fileno()))
        while chunk := handle.read(_CHUNK_BYTES):
            digest.update(chunk)
            if nul_line is None and (at := chunk.find(b"\0")) >= 0:
                nul_line = line_breaks + chunk.count(b"\n", 0, at) + 1
            line_breaks += chunk.count(b"\n")
            end = len(chunk)
            while end and chunk[end - 1] in _LINE_ENDINGS:
                end -= 1
            trailing = chunk[end:] if end else trailing + chunk
            size += len(chunk)
    # Line breaks after the last content: the first ends its line, the rest are empty lines.
    breaks_after_content = trailing.count(b"\n")
    has_content = size > len(trailing)
    content_lines = line_breaks - breaks_after_content + (1 if has_content else 0)
    return FileFacts(digest.hexdigest(), size, content_lines, nul_line, identity, read_at_ns)


def read_all_facts(paths: Iterable[Path]) -> dict[Path, FileFacts]:
    """Facts for many files, read in parallel."""
    paths = list(paths)
    workers = max(1, min(len(paths), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(paths, pool.map(read_facts, paths)))
