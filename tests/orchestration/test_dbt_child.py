"""dbt runs as `csc-dbt`, which never builds for a refresh that has already ended, and runs in
the warehouse's folder, so that one parse of the project serves every warehouse of one name.

That it dies with the refresh that started it (and that the next refresh then runs) is shown by
killing real refreshes in test_refresh_crash_recovery.py; that the refreshes' builds start from
the saved parse, in test_incremental_refresh.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from dbt.constants import PARTIAL_PARSE_FILE_NAME

from orchestration import dbt_assets, dbt_template_cache
from orchestration.dbt_assets import DBT_PROJECT_DIR, dbt_cli, prepared_project
from orchestration.dbt_child import COMMAND, LOCK_VARIABLE, PARENT_VARIABLE, warehouse_for_dbt
from orchestration.metrics_build_scope import KINDS
from tests.dbt.dbt_warehouse import copy_of_dbt_project

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


def parse(warehouse: Path, target: Path, parse_of: Path | None = None) -> list[str]:
    """csc-dbt's `dbt parse` for the warehouse, into its own target folder given the saved parse
    of another (if any); why dbt parsed whole, in its words, if it did."""
    target.mkdir(parents=True)
    if parse_of is not None:
        shutil.copyfile(parse_of / PARTIAL_PARSE_FILE_NAME, target / PARTIAL_PARSE_FILE_NAME)
    with warehouse_for_dbt(warehouse):
        finished = subprocess.run(
            [str(CSC_DBT), "parse", "--project-dir", str(DBT_PROJECT_DIR),
             "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(target),
             "--log-path", str(target)],
            capture_output=True, text=True, timeout=300,
        )
    assert finished.returncode == 0, finished.stdout
    assert not warehouse.exists()  # parsing opens no database
    log = (target / "dbt.log").read_text()
    return [line.split("Unable to do partial parsing because ")[1].strip()
            for line in log.splitlines() if "Unable to do partial parsing" in line]


def test_warehouses_of_one_name_share_a_parse_and_of_another_name_do_not(tmp_path, monkeypatch):
    for folder in ("first", "second", "third"):
        (tmp_path / folder).mkdir()
    templates = tmp_path / "jinja-templates.marshal"
    monkeypatch.setenv(dbt_template_cache.CACHE_VARIABLE, str(templates))
    seed = tmp_path / "first-target"
    assert parse(tmp_path / "first" / "warehouse.duckdb", seed) == [
        "saved manifest not found. Starting full parse."
    ]
    written = templates.stat().st_mtime_ns  # the templates this parse compiled, kept
    # another folder, the same file name: the same profile, so the first's parse serves
    assert parse(
        tmp_path / "second" / "warehouse.duckdb", tmp_path / "second-target", parse_of=seed
    ) == []
    # the control: another name is another profile, which dbt parses for whole
    assert parse(
        tmp_path / "third" / "other.duckdb", tmp_path / "third-target", parse_of=seed
    ) == ["profile has changed"]
    # and that whole parse found every template it rendered compiled already: nothing new
    assert templates.stat().st_mtime_ns == written


class _ParseCounter:
    """A stand-in for dbt's command line that records its parses and how many ran at once."""

    def __init__(self):
        self.parses: list[Path] = []
        self.running = 0
        self.most_at_once = 0
        self._guard = threading.Lock()

    def __call__(self, project):
        return self

    def cli(self, args, target_path: Path):
        with self._guard:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.parses.append(target_path)
        time.sleep(0.5)  # long enough for a second process to arrive while it parses
        target_path.mkdir(parents=True, exist_ok=True)
        (target_path / "manifest.json").write_text("{}")
        with self._guard:
            self.running -= 1
        return self

    def wait(self):
        return None


def test_definitions_loaded_at_once_parse_the_project_once(tmp_path, monkeypatch):
    project_dir = copy_of_dbt_project(tmp_path)
    counter = _ParseCounter()
    monkeypatch.setattr(dbt_assets, "dbt_cli", counter)
    start = threading.Barrier(2)

    def load_definitions(name: str):
        start.wait()
        prepared_project(project_dir, tmp_path / name / "warehouse.duckdb")

    loaders = [threading.Thread(target=load_definitions, args=(n,)) for n in ("one", "two")]
    for loader in loaders:
        loader.start()
    for loader in loaders:
        loader.join()
    assert counter.most_at_once == 1
    assert sorted(p.name for p in counter.parses) == sorted(f"parse-{k}" for k in KINDS)
