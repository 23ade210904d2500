"""The `refresh` job, and the sensor and daily schedule that start it.

`refresh` loads every complete snapshot not yet loaded (every authority), runs the dbt build
and publishes the serving database. It takes no partition and no required config:

    dagster job execute -m orchestration.definitions -j refresh

Runs carry the tag `csc/refresh`, which the instance (orchestration/dagster.yaml) limits to one
at a time; the steps that write the warehouse share the `warehouse` pool (limit 1) as well.

The steps run one after another in the run's own process (the in-process executor): they
depend on each other and take turns at the warehouse anyway, and starting a fresh Python
process per step (Dagster's default) would add seconds to every refresh, most of a no-change
one. dbt still runs as a process of its own.
"""


import dagster as dg
from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition

from orchestration.resources import WarehouseResource
from orchestration.snapshot_discovery import landing_fingerprint

REFRESH_TAG = "csc/refresh"
DAILY_AT = "0 6 * * *"  # 06:00 UK time: after overnight exports, before the working day
TIMEZONE = "Europe/London"


def build_refresh_job(selection: dg.AssetSelection) -> UnresolvedAssetJobDefinition:
    return dg.define_asset_job(
        "refresh",
        selection=selection,
        executor_def=dg.in_process_executor,
        tags={REFRESH_TAG: "true"},
        description=(
            "Load every new complete snapshot (all authorities), build the metrics with dbt and "
            "publish the serving database."
        ),
    )


def build_triggers(
    refresh: UnresolvedAssetJobDefinition,
) -> tuple[dg.SensorDefinition, dg.ScheduleDefinition]:
    @dg.sensor(
        job=refresh,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=(
            "Starts `refresh` when a complete snapshot (one with _SUCCESS) appears or changes."
        ),
    )
    def new_snapshot_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
        fingerprint = landing_fingerprint(warehouse.paths.landing_dir)
        if fingerprint is None:
            return dg.SkipReason("No complete snapshot in the landing area yet.")
        if fingerprint == context.cursor:
            return dg.SkipReason("No new or changed complete snapshot in the landing area.")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=fingerprint)

    daily = dg.ScheduleDefinition(
        name="daily_refresh",
        job=refresh,
        cron_schedule=DAILY_AT,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Runs `refresh` every day at 06:00 UK time.",
    )
    return new_snapshot_sensor, daily
