"""dbt runs as `csc-dbt`, which never builds for a refresh that has already ended.

That it dies with the refresh that started it (and that the next refresh then runs) is shown by
killing real refreshes in test_refresh_crash_recovery.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from orchestration.dbt_assets import DBT_PROJECT_DIR, dbt_cli, prepared_project
from orchestration.dbt_child import COMMAND, LOCK_VARIABLE, PARENT_VARIABLE

CSC_DBT = Path(sys.executable).parent / COMMAND


def test_the_refresh_runs_dbt_as_csc_dbt(tmp_path):
    project = prepared_project(DBT_PROJECT_DIR, tmp_path / "warehouse.duckdb")
    assert dbt_cli(project).dbt_executable == str(CSC_DBT)


def test_dbt_started_for_a_refresh_that_has_ended_does_not_build(tmp_path):
    lock = tmp_path / "warehouse.duckdb.lock"
    finished = subprocess.run(
        [str(CSC_DBT), "build"],
        env={**os.environ, PARENT_VARIABLE: "1", LOCK_VARIABLE: str(lock)},  # not its parent
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 1
    assert finished.stderr.strip() == (
        "csc-dbt: the refresh that started this dbt build has ended; not building."
    )
    assert not lock.with_name(lock.name + ".child").exists()
