"""Assembling the code location: assets, the refresh job, its triggers and the resources.

orchestration.definitions builds it from the environment; tests build it with their own
folders (and, where the metrics layer is not under test, without dbt).
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from orchestration.dbt_assets import (
    DBT_PROJECT_DIR,
    build_dbt_assets,
    dbt_cli,
    marts_keys,
    prepared_project,
)
from orchestration.event_batches import store_event_batches_together
from orchestration.event_log_connections import keep_event_log_engines
from orchestration.raw_assets import LANDING_SPECS, load_snapshots
from orchestration.refresh_job import build_refresh_job, build_triggers
from orchestration.resources import WarehouseResource
from orchestration.run_liveness import dead_run_sweeper
from orchestration.run_storage_commits import commit_without_waiting_for_disk
from orchestration.serving_assets import STREAMLIT_APP, build_serving_database


def build_definitions(
    warehouse: WarehouseResource | None = None, dbt_project_dir: Path | None = DBT_PROJECT_DIR
) -> dg.Definitions:
    """The code location; without a dbt project (or with `dbt_project_dir=None`) the serving
    database is published from the audit tables alone."""
    # A process that loads the code location writes runs' events: hundreds per refresh, most
    # of them the run's plan, stored together.
    commit_without_waiting_for_disk()
    keep_event_log_engines()
    store_event_batches_together()
    warehouse = warehouse or WarehouseResource.from_environment()
    project = (
        prepared_project(dbt_project_dir, warehouse.paths.warehouse_path)
        if dbt_project_dir
        else None
    )
    resources: dict[str, object] = {"warehouse": warehouse}
    built = [load_snapshots]
    if project is not None:
        built.append(build_dbt_assets(project))
        resources["dbt"] = dbt_cli(project)
        serving = build_serving_database(marts_keys(project))
    else:
        serving = build_serving_database([])
    built.append(serving)

    refresh = build_refresh_job(dg.AssetSelection.assets(*built))
    sensor, schedule = build_triggers(refresh)
    return dg.Definitions(
        assets=[*LANDING_SPECS, *built, STREAMLIT_APP],
        jobs=[refresh],
        sensors=[sensor, dead_run_sweeper],
        schedules=[schedule],
        resources=resources,
    )
