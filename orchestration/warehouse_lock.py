"""One writer at a time: an advisory file lock beside the warehouse.

DuckDB allows one writing process per file, and a second one fails at once with a lock error.
Every step that opens the warehouse (loading, dbt, publishing) holds this lock first, so a
second refresh, a manual load or a test waits its turn with a clear message instead of failing,
inside Dagster (where the `warehouse` concurrency pool queues them too) or outside it.
Taking the lock also makes the writer's new files owner-only (orchestration.owner_only).
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
    """Hold the writer's lock for the block; waits (and says so) while another writer has it."""
    keep_new_files_private()
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as handle:
        if not _try_lock(handle):
            waited_since = time.monotonic()
            next_notice = waited_since
            while not _try_lock(handle):
                if time.monotonic() >= next_notice:
                    log(
                        f"Waiting for the warehouse: another writer ({_holder(lock_path)}) has "
                        f"{lock_path}; this step starts when it finishes."
                    )
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
    """Hold the writer's lock for the block when nobody has it (True), without waiting; False
    when another process has it. For brief readers, such as the sensor, that must neither wait
    nor hold up a writer."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a+") as handle:
        if not _try_lock(handle):
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
