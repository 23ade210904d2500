"""Building a warehouse with dbt_project/ for the tests, and reading it back."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

REPOSITORY = Path(__file__).resolve().parents[2]
DBT_PROJECT = REPOSITORY / "dbt_project"
HAND_MADE_EXTRACTS = Path(__file__).resolve().parent / "extracts"
METRIC_DOCS_SCRIPT = DBT_PROJECT / "scripts" / "metric_docs.py"
# dbt's saved parse of a project, in its target folder. A full parse of dbt_project/ takes
# 10 s or more; from a saved one dbt re-reads only the files whose checksums changed (and
# starts again in full when the vars, the dbt version or a dbt_project.yml differ).
SAVED_PARSE = "partial_parse.msgpack"


def copy_of_dbt_project(folder: Path) -> Path:
    """A copy of dbt_project/ in folder, named dbt_project as the original (dbt's outputs,
    target/, logs/ and dbt_packages/, left behind), for a test to change."""
    project = folder / "dbt_project"
    shutil.copytree(DBT_PROJECT, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    return project


def load_dbt_script(path: Path):
    """A script of dbt_project/scripts as a module."""
    spec = importlib.util.spec_from_file_location(f"dbt_script_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def catalogue_entries() -> list[dict]:
    """Every metric's YAML (models/metrics/cohorts/<metric_id>.yml) as one entry, in catalogue
    order: metric_id, description and its config.meta, with england_value for short."""
    entries = load_dbt_script(METRIC_DOCS_SCRIPT).metric_entries()
    return [{**entry, "england_value": (entry.get("england") or {}).get("value")} for entry in entries]


@dataclass(frozen=True)
class BuiltWarehouse:
    path: Path
    target_dir: Path  # dbt's target folder of this build (manifest.json, run_results.json)
    demo_leadership_change: date  # when the generated demo authority's practice starts to improve

    def query(self, sql: str, parameters: list | None = None) -> list[tuple]:
        """Rows of a query, on a short-lived read-only connection."""
        connection = duckdb.connect(str(self.path), read_only=True)
        try:
            return connection.execute(sql, parameters or []).fetchall()
        finally:
            connection.close()

    def metric_row(
        self, la_code: str, metric_id: str, grain: str, period_start: str,
        dimension: str = "all", dimension_value: str = "all",
    ) -> tuple | None:
        """(numerator, denominator, value, period_complete) of one metric_values row, or None."""
        rows = self.query(
            "select numerator, denominator, value, period_complete from marts.metric_values "
            "where la_code = ? and metric_id = ? and period_grain = ? and period_start = ? "
            "and dimension = ? and dimension_value = ?",
            [la_code, metric_id, grain, period_start, dimension, dimension_value],
        )
        assert len(rows) <= 1, rows
        return rows[0] if rows else None

    def run_results(self) -> dict:
        return json.loads((self.target_dir / "run_results.json").read_text(encoding="utf-8"))

    def manifest(self) -> dict:
        return json.loads((self.target_dir / "manifest.json").read_text(encoding="utf-8"))


def run_dbt(
    arguments: list[str], warehouse_path: Path, work_dir: Path, project_dir: Path = DBT_PROJECT,
    parse_of: Path | None = None,
) -> subprocess.CompletedProcess:
    """Runs the venv's dbt on dbt_project/ (or a copy of it) with its own target and log
    folders, so that test runs never share dbt's files with each other or with `make`.

    parse_of: the target folder of an earlier run on dbt_project/ (a BuiltWarehouse's): its
    saved parse is copied into this run's target folder, so dbt parses only what differs."""
    dbt = Path(sys.executable).with_name("dbt")
    if parse_of is not None:
        (work_dir / "target").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(parse_of / SAVED_PARSE, work_dir / "target" / SAVED_PARSE)
    environment = {
        **os.environ,
        "CSC_WAREHOUSE_PATH": str(warehouse_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    return subprocess.run(
        [
            str(dbt), *arguments,
            "--project-dir", str(project_dir),
            "--profiles-dir", str(project_dir),
            "--target-path", str(work_dir / "target"),
            "--log-path", str(work_dir / "logs"),
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
