"""The tests' temporary folders in memory (tmpfs, /dev/shm) when it has room.

The slow tests refresh warehouses: Dagster commits its SQLite run storage hundreds of times a
refresh and DuckDB its write-ahead log at every transaction, each commit an fsync. On this
machine's disk an fsync took 1 ms when quiet and 12 ms while the other worker wrote; a refresh
without dbt took 29 s on disk and 12.5 s in memory (tests/orchestration/
test_refresh_crash_recovery.py, measured). What the tests check is the same either way: a
killed process's writes are kept by the kernel whether or not they reached the disk.

A run given --basetemp keeps it. Otherwise, when /dev/shm has ROOM_NEEDED_BYTES free, the run's
temporary folder is a new folder there, the user's only, removed when the run ends (the whole
suite leaves some 2 GB in it); else pytest's own, on disk.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

MEMORY = Path("/dev/shm")
ROOM_NEEDED_BYTES = 6 << 30  # the whole suite writes some 2 GB of temporary files


def has_room(folder: Path = MEMORY, needed: int = ROOM_NEEDED_BYTES) -> bool:
    return (
        folder.is_dir()
        and os.access(folder, os.W_OK)
        and shutil.disk_usage(folder).free >= needed
    )


@pytest.hookimpl(tryfirst=True)  # before pytest's own tmp_path plugin reads --basetemp
def pytest_configure(config: pytest.Config) -> None:
    if config.option.basetemp or hasattr(config, "workerinput"):
        return  # given; or an xdist worker, which gets a folder of the controller's
    if not has_room():
        return
    folder = Path(tempfile.mkdtemp(prefix="csc-tests-", dir=MEMORY))  # mode 0700
    config.option.basetemp = str(folder)
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
