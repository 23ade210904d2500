"""A load killed with SIGKILL mid-way leaves the warehouse as it was; the next run completes it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

from snapshot_fixtures import DAY, LA, make_paths, warehouse_contents, write_snapshot

from orchestration.landing_load import load_landing_area
from orchestration.settings import REPOSITORY_ROOT
from orchestration.pause_points import PAUSE_AT_VARIABLE, PAUSE_MARKER_VARIABLE, load_table


def test_a_load_killed_mid_way_then_rerun_equals_an_uninterrupted_load(tmp_path, loaded_paths):
    # The same starting state twice: a warehouse holding an earlier snapshot, and a new one.
    uninterrupted = make_paths(tmp_path / "uninterrupted")
    shutil.copytree(loaded_paths.warehouse_path.parent, uninterrupted.warehouse_path.parent)
    for paths in (loaded_paths, uninterrupted):
        write_snapshot(paths.landing_dir)
    load_landing_area(uninterrupted, log=lambda message: None)
    before = warehouse_contents(loaded_paths)

    # Load in another process that stops inside its transaction, after writing raw rows of
    # three tables, and kill it there.
    marker = tmp_path / "paused"
    environment = {
        **os.environ,
        "CSC_LANDING_DIR": str(loaded_paths.landing_dir),
        "CSC_ARCHIVE_DIR": str(loaded_paths.archive_dir),
        "CSC_WAREHOUSE_PATH": str(loaded_paths.warehouse_path),
        "CSC_SERVING_PATH": str(loaded_paths.serving_path),
        PAUSE_AT_VARIABLE: load_table("ssd_cin_assessments"),
        PAUSE_MARKER_VARIABLE: str(marker),
    }
    loader = subprocess.Popen(
        [sys.executable, "-m", "orchestration.landing_load"],
        cwd=REPOSITORY_ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert loader.poll() is None, loader.stderr.read().decode()
        assert time.monotonic() < deadline, "the loader never reached the pause point"
        time.sleep(0.05)
    os.kill(loader.pid, signal.SIGKILL)
    loader.wait()
    loader.stderr.close()

    # The killed load left nothing behind: same tables, and no archive folder for it.
    assert warehouse_contents(loaded_paths) == before
    assert not (loaded_paths.archive_dir / LA / DAY).exists()

    # The next run loads the snapshot fully, exactly as an uninterrupted load did.
    report = load_landing_area(loaded_paths, log=lambda message: None)
    assert [a.status for a in report.attempts] == ["loaded"]
    assert warehouse_contents(loaded_paths) == warehouse_contents(uninterrupted)
    assert sorted(p.name for p in (loaded_paths.archive_dir / LA).iterdir()) == [
        "2024-02-29",
        DAY,
    ]
