"""Files of the landing area read by an earlier load, known again without reading them.

Every file the loader reads (file_facts: its SHA-256, size, lines, NUL bytes) is remembered in
`audit.file_facts` with the file's identity when it was read (size, modification and change
times, inode and device). A later load takes a file's facts from there when the file's identity
is still the same, and reads the file again only when something differs, so a refresh reads
what is new or changed rather than the whole landing area. What decides a snapshot's fate does
not change: the SHA-256 against the ledger (load_decisions); a file touched but not changed is
read again, found to have the same SHA-256, and is not loaded again; and the archive copy of a
snapshot to load checks every byte against that SHA-256 (snapshot_archive).

A file written in the same tick of the file system's clock as it was read could keep its
times; so a record is trusted only when the file had last changed well before it was read, as
git trusts its index. A file read too soon after a write is read again the next time.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from orchestration.file_facts import FileFacts, FileIdentity, read_all_facts
from orchestration.snapshot_discovery import SnapshotFile

FILE_FACTS = "audit.file_facts"
# Far longer than any file system's clock tick (ext4 and NTFS: milliseconds; FAT: 2 s).
_SETTLED_NS = 3_000_000_000

_COLUMNS = (
    ("source_file", "VARCHAR"),  # "<la>/<date>/<file name>" under the landing folder
    ("size_bytes", "BIGINT"),
    ("modified_ns", "BIGINT"),
    ("changed_ns", "BIGINT"),
    ("inode", "UBIGINT"),
    ("device", "UBIGINT"),
    ("read_at_ns", "BIGINT"),
    ("sha256", "VARCHAR"),
    ("content_lines", "BIGINT"),
    ("nul_line", "BIGINT"),
)


def file_facts(
    connection: duckdb.DuckDBPyConnection, files: Iterable[SnapshotFile]
) -> dict[Path, FileFacts]:
    """The facts of every file: remembered when its identity is unchanged, else read (in
    parallel) and remembered for the next load."""
    files = list(files)
    known = _known(connection)
    facts: dict[Path, FileFacts] = {}
    unknown: list[SnapshotFile] = []
    for snapshot_file in files:
        remembered = known.get(snapshot_file.source_file)
        if remembered is not None and _identity(snapshot_file.path) == remembered.identity:
            facts[snapshot_file.path] = remembered
        else:
            unknown.append(snapshot_file)
    read = read_all_facts(f.path for f in unknown)
    _remember(connection, {f.source_file: read[f.path] for f in unknown})
    facts.update(read)
    return facts


def _identity(path: Path) -> FileIdentity | None:
    try:
        status = path.lstat()
    except FileNotFoundError:
        return None
    return FileIdentity.of(status)


def _create(connection: duckdb.DuckDBPyConnection) -> None:
    listed = ", ".join(f"{name} {sql_type}" for name, sql_type in _COLUMNS)
    connection.execute(f"CREATE TABLE IF NOT EXISTS {FILE_FACTS} ({listed})")


def _known(connection: duckdb.DuckDBPyConnection) -> dict[str, FileFacts]:
    """The trusted records, by source file."""
    _create(connection)
    known = {}
    for (
        source_file, size, modified, changed, inode, device, read_at, sha256, lines, nul_line
    ) in connection.execute(
        f"SELECT * FROM {FILE_FACTS} WHERE changed_ns < read_at_ns - {_SETTLED_NS}"
    ).fetchall():
        identity = FileIdentity(size, modified, changed, inode, device)
        known[source_file] = FileFacts(sha256, size, lines, nul_line, identity, read_at)
    return known


def _remember(connection: duckdb.DuckDBPyConnection, read: dict[str, FileFacts]) -> None:
    """Replace the records of these files with the facts just read (symbolic links, which are
    never read, are forgotten)."""
    if not read:
        return
    rows = [
        (
            source_file, fact.identity.size_bytes, fact.identity.modified_ns,
            fact.identity.changed_ns, fact.identity.inode, fact.identity.device,
            fact.read_at_ns, fact.sha256, fact.content_lines, fact.nul_line,
        )
        for source_file, fact in read.items()
        if fact.identity is not None
    ]
    columns = [list(column) for column in zip(*rows)] if rows else [[] for _ in _COLUMNS]
    names = ", ".join(name for name, _ in _COLUMNS)
    unnested = ", ".join(f"unnest(?::{sql_type}[])" for _, sql_type in _COLUMNS)
    connection.execute("BEGIN TRANSACTION")
    connection.execute(
        f"DELETE FROM {FILE_FACTS} WHERE source_file IN (SELECT unnest(?::VARCHAR[]))",
        [list(read)],
    )
    connection.execute(f"INSERT INTO {FILE_FACTS} ({names}) SELECT {unnested}", columns)
    connection.execute("COMMIT")
