"""One writer at a time: an advisory file lock beside the warehouse.

DuckDB allows one writing process per file, and a second one fails at once with a lock error.
Every step that opens the warehouse (loading, dbt, publishing) holds this lock first, so a
second refresh, a manual load or a test waits its turn with a clear message instead of failing,
inside Dagster (where the `warehouse` concurrency pool queues them too) or outside it.
Taking the lock also makes the writer's new files owner-only (orchestration.owner_only).

The lock is the kernel's (flock): it goes when its holder's process ends, however it ends, so a
killed refresh never leaves it taken. A writer that starts a process to write for it (the dbt
build) has that child hold a second lock, `<lock>.child`, while it runs; a writer taking the
lock waits for that one too. So the warehouse is never handed on while a child of a writer that
died may still be writing (dbt dies with its parent, see dbt_child, but not in the same instant).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from orchestration.owner_only import keep_new_files_private

_NOTICE_EVERY_SECONDS = 30.0
_POLL_SECONDS = 0.2


@contextmanager
def warehouse_lock(lock_path: Path, log: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the writer's lock for the block; waits (and says so) while another writer has it,
    or while a child of an earlier writer is still writing."""
    keep_new_files_private()
    with _locked(
        lock_path,
        log,
        lambda holder: f"another writer ({holder}) has {lock_path}; this step starts when it "
        "finishes.",
    ):
        with _locked(
            child_lock_path(lock_path),
            log,
            lambda holder: f"a process an earlier writer started ({holder}) is still writing; "
            "this step starts when it ends.",
        ):
            pass
        yield


@contextmanager
def held_by_child(lock_path: Path) -> Iterator[None]:
    """Hold the child's lock of `lock_path` for the block: for a process that writes the
    warehouse on behalf of the lock's holder (its parent)."""
    with _locked(child_lock_path(lock_path), lambda message: None, lambda holder: ""):
        yield


def child_lock_path(lock_path: Path) -> Path:
    return lock_path.with_name(lock_path.name + ".child")


@contextmanager
def _locked(
    path: Path, log: Callable[[str], None], waiting_for: Callable[[str], str]
) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        if not _try_lock(handle):
            waited_since = time.monotonic()
            next_notice = waited_since
            while not _try_lock(handle):
                if time.monotonic() >= next_notice:
                    log(f"Waiting for the warehouse: {waiting_for(_holder(path))}")
                    next_notice += _NOTICE_EVERY_SECONDS
                time.sleep(_POLL_SECONDS)
            log(f"Warehouse free after {time.monotonic() - waited_since:.1f}s; continuing.")
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}\n")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _try_lock(handle) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(lock_path: Path) -> str:
    try:
        return lock_path.read_text().strip() or "unknown process"
    except OSError:
        return "unknown process"


@contextmanager
def warehouse_lock_if_free(lock_path: Path) -> Iterator[bool]:
    """Hold the writer's lock for the block when nobody has it, nor its child lock (True),
    without waiting; False when another process has one. For brief readers, such as the
    sensor, that must neither wait nor hold up a writer."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as handle, child_lock_path(lock_path).open("a+") as child:
        if not _try_lock(handle):
            yield False
            return
        try:
            if not _try_lock(child):
                yield False
                return
            fcntl.flock(child, fcntl.LOCK_UN)
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
