"""The `refresh` job, and the sensor and daily schedule that start it.

`refresh` loads every complete snapshot not yet loaded (every authority), runs the dbt build
and publishes the serving database. It takes no partition and no required config:

    dagster job execute -m orchestration.definitions -j refresh

Runs carry the tag `csc/refresh`, which the instance (orchestration/dagster.yaml) limits to one
at a time; the steps that write the warehouse share the `warehouse` pool (limit 1) as well.

The steps run one after another in the run's own process (the in-process executor): they
depend on each other and take turns at the warehouse anyway, and starting a fresh Python
process per step (Dagster's default) would add seconds to every refresh, most of a no-change
one. dbt still runs as a process of its own. The executor first fails any earlier run whose
process died, so that its pool slot is free (run_liveness).

The sensor and the schedule start a refresh only when there is something to do (refresh_need):
a new or changed complete snapshot since the last load, or a serving database older than it.
So the first tick after `make refresh` (or `make demo`) starts nothing.
"""


import dagster as dg
from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition

from orchestration.refresh_need import RefreshNeed, WarehouseBusy, refresh_need
from orchestration.resources import WarehouseResource
from orchestration.run_liveness import refresh_executor

REFRESH_TAG = "csc/refresh"
DAILY_AT = "0 6 * * *"  # 06:00 UK time: after overnight exports, before the working day
TIMEZONE = "Europe/London"


def build_refresh_job(selection: dg.AssetSelection) -> UnresolvedAssetJobDefinition:
    return dg.define_asset_job(
        "refresh",
        selection=selection,
        executor_def=refresh_executor,
        tags={REFRESH_TAG: "true"},
        description=(
            "Load every new complete snapshot (all authorities), build the metrics with dbt and "
            "publish the serving database."
        ),
    )


BUSY = "A refresh is writing to the warehouse; looking again at the next tick."


def _need(warehouse: WarehouseResource) -> RefreshNeed | dg.SkipReason:
    """What refresh_need says, or a skip while a refresh holds the warehouse."""
    try:
        return refresh_need(warehouse.paths)
    except WarehouseBusy:
        return dg.SkipReason(BUSY)


def build_triggers(
    refresh: UnresolvedAssetJobDefinition,
) -> tuple[dg.SensorDefinition, dg.ScheduleDefinition]:
    @dg.sensor(
        job=refresh,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=(
            "Starts `refresh` when a complete snapshot (one with _SUCCESS) appears or changes, "
            "unless the warehouse already holds the landing area as it is."
        ),
    )
    def new_snapshot_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
        need = _need(warehouse)
        if isinstance(need, dg.SkipReason):
            return need
        if need.fingerprint is None:
            return dg.SkipReason("No complete snapshot in the landing area yet.")
        if not need.needed:
            return dg.SkipReason(need.reason)
        if need.fingerprint == context.cursor:
            # Asked for already: a refresh that failed is not retried every minute.
            return dg.SkipReason(
                f"{need.reason} A refresh was already started for the landing area as it is."
            )
        context.update_cursor(need.fingerprint)
        return dg.RunRequest(run_key=need.fingerprint)

    @dg.schedule(
        name="daily_refresh",
        job=refresh,
        cron_schedule=DAILY_AT,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=(
            "Runs `refresh` at 06:00 UK time when there is something to do (in case the sensor "
            "was off)."
        ),
    )
    def daily_refresh(context: dg.ScheduleEvaluationContext, warehouse: WarehouseResource):
        need = _need(warehouse)
        if isinstance(need, dg.SkipReason):
            return need
        return dg.RunRequest() if need.needed else dg.SkipReason(need.reason)

    return new_snapshot_sensor, daily_refresh
