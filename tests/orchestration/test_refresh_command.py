"""`make refresh` (orchestration.refresh_command) as a person sees it: a few dozen lines that
name each step, a rejected delivery that rebuilds nothing, and nothing new said in one line.

One generated authority, the real metrics layer, the Dagster command line and a Dagster
instance of the test's own (its run history is read back to count the asset checks).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date

import dagster as dg
import pytest
from snapshot_fixtures import make_paths, query

from orchestration.settings import REPOSITORY_ROOT
from seeds.generate import generate

pytestmark = pytest.mark.slow

MOST_LINES = 40
FORCED = re.compile(r"\bforced\b", re.IGNORECASE)


def make_refresh(environment) -> list[str]:
    finished = subprocess.run(
        [sys.executable, "-m", "orchestration.refresh_command"],
        cwd=REPOSITORY_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = finished.stdout + finished.stderr
    assert finished.returncode == 0, output
    return output.splitlines()


def said_by(lines: list[str], step: str) -> list[str]:
    return [line.split(f" - {step} - ", 1)[1] for line in lines if f" - {step} - " in line]


def check_events(home, run_id: str) -> dict[str, int]:
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        counts: dict[str, int] = {}
        for entry in instance.all_logs(run_id):
            if entry.is_dagster_event and "CHECK_EVALUATION" in entry.dagster_event_type.value:
                name = entry.dagster_event_type.value
                counts[name] = counts.get(name, 0) + 1
        return counts
    finally:
        instance.dispose()


def runs(home) -> list[dg.DagsterRun]:
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        return list(instance.get_runs())
    finally:
        instance.dispose()


def test_a_refresh_reads_in_a_few_lines_and_rebuilds_nothing_it_need_not(tmp_path):
    paths = make_paths(tmp_path)
    generate(paths.landing_dir, authorities=1, referrals_per_year=60,
             extract_date=date(2026, 11, 16), progress=False, jobs=1)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPOSITORY_ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    environment = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "CSC_LANDING_DIR": str(paths.landing_dir),
        "CSC_ARCHIVE_DIR": str(paths.archive_dir),
        "CSC_WAREHOUSE_PATH": str(paths.warehouse_path),
        "CSC_SERVING_PATH": str(paths.serving_path),
    }

    first = make_refresh(environment)
    assert len(first) <= MOST_LINES, "\n".join(first)
    assert first[0] == "Refreshing: nothing has been loaded into the warehouse yet."
    assert "Snapshot 901/2026-11-16 loaded" in said_by(first, "load_snapshots")[0]
    build = said_by(first, "dbt_metrics")
    assert "Full dbt build: the metrics have not been built yet." in build
    assert any(re.match(r"Finished running \d+ seeds, \d+ table models, \d+ data tests", s)
               for s in build)
    assert any(s.startswith("Done. PASS=") for s in build)
    assert any(s.startswith("Published ") for s in said_by(first, "serving_database"))
    assert not any(FORCED.search(line) for line in first)

    # A new delivery that is rejected: nothing to rebuild, the rejection still published, and
    # every asset check the run planned is evaluated (none left "skipped").
    rejected = paths.landing_dir / "901" / "2026-11-30"
    shutil.copytree(paths.landing_dir / "901" / "2026-11-16", rejected)
    (rejected / "ssd_disability.csv").write_bytes(b"")
    second = make_refresh(environment)
    assert len(second) <= MOST_LINES, "\n".join(second)
    assert "Nothing new to build" in said_by(second, "dbt_metrics")[0]
    assert not any(line.startswith("Finished running") for line in said_by(second, "dbt_metrics")
                   if "table models" in line)
    assert not any(FORCED.search(line) for line in second)
    assert query(paths.serving_path, "SELECT snapshot_date, status FROM snapshot_loads "
                 "ORDER BY ALL") == [(date(2026, 11, 16), "loaded"), (date(2026, 11, 30), "rejected")]
    latest = runs(home)[0]
    checks = check_events(home, latest.run_id)
    assert checks["ASSET_CHECK_EVALUATION"] == checks["ASSET_CHECK_EVALUATION_PLANNED"] > 100

    third = make_refresh(environment)
    assert len(third) == 1
    assert third[0].startswith("Nothing new to refresh: the warehouse holds every complete")
    assert len(runs(home)) == 2


def test_accepting_held_deliveries_hands_dagster_its_run_config_in_memory():
    """`make refresh ACCEPT=901/2024-03-31,902/2024-03-31 ACCEPTED_BY=Jo`: the run config the
    job gets, read as `dagster job execute -c` reads its files."""
    from dagster._cli.workspace.cli_target import get_run_config_from_file_list

    from orchestration.refresh_command import accept_config_file, job_command

    path = accept_config_file(["901/2024-03-31", "902/2024-03-31"], "Jo")
    command = job_command(False, path)
    files = [command[i + 1] for i, argument in enumerate(command) if argument == "-c"]
    assert files[-1] == path and path.startswith("/dev/fd/")
    config = get_run_config_from_file_list(files)
    assert config["ops"] == {
        "load_snapshots": {
            "config": {"accept_held": ["901/2024-03-31", "902/2024-03-31"], "accepted_by": "Jo"}
        }
    }
    assert config["loggers"]["console"]["config"]["log_level"] == "INFO"
    assert os.get_inheritable(int(path.rsplit("/", 1)[1]))
