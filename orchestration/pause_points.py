"""Test hook: stop a refresh at a named point, so that a test can kill it exactly there.

With `CSC_PAUSE_AT=<point>` and `CSC_PAUSE_MARKER=<file>` in the environment, the process that
reaches the point writes its pid to the marker file and waits there until it is killed (at
`dbt:started` it writes the marker and goes on). Without them, nothing happens. The
crash-recovery tests (tests/orchestration/test_refresh_crash_recovery.py) use the points below.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_AT_VARIABLE = "CSC_PAUSE_AT"
PAUSE_MARKER_VARIABLE = "CSC_PAUSE_MARKER"

LOAD_ARCHIVED = "load:archived"  # the batch's files copied aside, nothing written yet
LOAD_TABLE_PREFIX = "load:table:"  # + a table: inside the load transaction, its rows inserted
DBT_STARTED = "dbt:started"  # the dbt child is starting its build (it goes on)
PUBLISH_WRITING = "publish:writing"  # writing the new serving file, its marts written
PUBLISH_WRITTEN = "publish:written"  # the new file written and closed, not yet moved into place


def load_table(table_name: str) -> str:
    return LOAD_TABLE_PREFIX + table_name


def pause_here(point: str, *, wait: bool = True) -> None:
    if os.environ.get(PAUSE_AT_VARIABLE) != point:
        return
    marker = Path(os.environ[PAUSE_MARKER_VARIABLE])
    written = marker.with_name(marker.name + ".writing")
    written.write_text(str(os.getpid()))
    os.replace(written, marker)  # whole, so the test never reads half a pid
    while wait:
        time.sleep(1)
