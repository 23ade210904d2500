"""A landing area refreshed end to end (load, dbt build, publish) for the integration tests, and
one synthetic authority loaded as two kinds of delivery compared metric by metric."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.code_location import build_definitions
from orchestration.resources import WarehouseResource


@dataclass(frozen=True)
class Refreshed:
    serving_path: Path
    warehouse_path: Path

    def query(self, sql: str, parameters: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.serving_path), read_only=True) as connection:
            return connection.execute(sql, parameters or []).fetchall()

    def warehouse_query(self, sql: str, parameters: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.warehouse_path), read_only=True) as connection:
            return connection.execute(sql, parameters or []).fetchall()


def refresh(root: Path, landing: Path) -> Refreshed:
    """Run the Dagster refresh job in process on the landing area, its files under `root`."""
    warehouse = WarehouseResource(
        landing_dir=str(landing), archive_dir=str(root / "archive"),
        warehouse_path=str(root / "warehouse.duckdb"), serving_path=str(root / "serving.duckdb"),
    )
    result = build_definitions(warehouse=warehouse).resolve_job_def("refresh").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    assert result.success, [event.message for event in result.all_events if event.is_failure]
    return Refreshed(root / "serving.duckdb", root / "warehouse.duckdb")


def differing_values(refreshed, ssd: str, other: str, compared: list[str], skipped_dimensions=()) -> list[tuple]:
    """The published values of `other`'s complete periods of the `compared` metrics that differ
    from `ssd`'s of the same period and slice (none: they agree), leaving out the slices of the
    `skipped_dimensions`."""
    return refreshed.query(
        """
        select o.metric_id, o.period_grain, o.period_start, o.dimension, o.dimension_value,
               s.numerator, s.denominator, s.value, o.numerator, o.denominator, o.value
        from metric_values as o
        left join metric_values as s
            on s.la_code = ? and s.metric_id = o.metric_id and s.period_grain = o.period_grain
            and s.period_start = o.period_start and s.dimension = o.dimension
            and s.dimension_value = o.dimension_value
        where o.la_code = ? and o.history_complete and list_contains(?, o.metric_id)
            and not list_contains(CAST(? AS VARCHAR[]), o.dimension)
            and (s.numerator is distinct from o.numerator or s.denominator is distinct from o.denominator
                 or s.value is distinct from o.value)
        order by all
        """, [ssd, other, compared, list(skipped_dimensions)])


def complete_months(refreshed, la_code: str, compared: list[str]) -> dict[str, int]:
    """How many complete months `la_code` has of each compared metric."""
    return dict(refreshed.query(
        "select metric_id, count(distinct period_start) from metric_values where la_code = ? "
        "and history_complete and period_grain = 'month' and list_contains(?, metric_id) group by 1",
        [la_code, compared]))
