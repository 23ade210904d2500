"""The demo, end to end: the `make demo` extracts through the refresh job to the app.

One session-scoped build: generate the default synthetic landing area (seed 42, one
improving authority, extract date 2026-11-16), run the Dagster `refresh` job in process
(load, dbt build, publish) against temporary folders, and hand the folders to the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.code_location import build_definitions
from orchestration.resources import WarehouseResource
from seeds.generate import generate


@dataclass(frozen=True)
class Demo:
    landing_dir: Path
    warehouse_path: Path
    serving_path: Path
    summary: dict
    refresh: dg.ExecuteInProcessResult

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.serving_path), read_only=True) as con:
            return con.execute(sql).fetchall()


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    root = tmp_path_factory.mktemp("demo")
    landing = root / "landing"
    summary = generate(landing, progress=False)  # the defaults are the demo's
    warehouse = WarehouseResource(
        landing_dir=str(landing),
        archive_dir=str(root / "archive"),
        warehouse_path=str(root / "warehouse.duckdb"),
        serving_path=str(root / "serving.duckdb"),
    )
    result = build_definitions(warehouse=warehouse).resolve_job_def("refresh").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    return Demo(landing, root / "warehouse.duckdb", root / "serving.duckdb", summary, result)
