"""One warehouse for the whole session, built the real way: extracts -> loader -> dbt build.

The landing area holds the hand-made extracts of tests/dbt/extracts (authorities 990 and 991,
whose metrics are worked out by hand in the tests) and the demo authority (901, from
seeds.generate with the options of `make demo`: seed 42, the improving profile, a metropolitan
borough's size), which exercises every table at a realistic shape and tells the improvement
story the tracker must show. The loader of orchestration/ validates and loads them; `dbt build`
then runs every model, data test, unit test and contract of dbt_project/ against the result.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from dbt_warehouse import HAND_MADE_EXTRACTS, BuiltWarehouse, run_dbt

from orchestration.landing_load import load_landing_area
from orchestration.settings import WarehousePaths
from seeds.generate import generate


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> BuiltWarehouse:
    work = tmp_path_factory.mktemp("dbt_warehouse")
    landing = work / "landing"
    shutil.copytree(HAND_MADE_EXTRACTS, landing)
    demo = generate(landing, authorities=1, seed=42, profile="improving", progress=False)
    leadership_change = date.fromisoformat(demo["authorities"][0]["leadership_change"])

    paths = WarehousePaths(
        landing_dir=landing,
        archive_dir=work / "archive",
        warehouse_path=work / "warehouse.duckdb",
        serving_path=work / "serving.duckdb",
    )
    report = load_landing_area(paths, log=lambda message: None)
    assert not report.rejected, report.summary()

    build = run_dbt(["build"], paths.warehouse_path, work)
    assert build.returncode == 0, f"dbt build failed:\n{build.stdout[-6000:]}\n{build.stderr[-2000:]}"
    return BuiltWarehouse(paths.warehouse_path, work / "target", leadership_change)
