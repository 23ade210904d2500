"""The Dagster resource carrying the warehouse settings (see orchestration.settings)."""

from datetime import date

import dagster as dg

from orchestration.settings import (
    DEFAULT_KEEP_ALL_DAYS,
    DEFAULT_KEEP_MONTHLY_YEARS,
    DEFAULT_SUCCESS_GRACE_HOURS,
    DeliveryLimits,
    WarehousePaths,
    paths_from_environment,
)

_LIMITS = DeliveryLimits()


class WarehouseResource(dg.ConfigurableResource):
    """Where the landing area, archive, warehouse and serving database are (absolute paths)."""

    landing_dir: str
    archive_dir: str
    warehouse_path: str
    serving_path: str
    fail_on_rejection: bool = False
    success_grace_hours: float = DEFAULT_SUCCESS_GRACE_HOURS
    keep_all_publications_days: int = DEFAULT_KEEP_ALL_DAYS
    keep_monthly_publications_years: int = DEFAULT_KEEP_MONTHLY_YEARS
    census_schema_dir: str | None = None  # the DfE CIN census schemas, when supplied
    # The delivery limits (settings.DeliveryLimits); the earliest date as YYYY-MM-DD.
    earliest_date: str = _LIMITS.earliest_date.isoformat()
    event_date_years: int = _LIMITS.event_date_years
    birth_date_years: int = _LIMITS.birth_date_years
    max_quarantined_share: float = _LIMITS.max_quarantined_share
    max_row_drop: float = _LIMITS.max_row_drop
    hold_min_rows: int = _LIMITS.hold_min_rows

    @classmethod
    def from_environment(cls) -> "WarehouseResource":
        paths = paths_from_environment()
        return cls(
            landing_dir=str(paths.landing_dir),
            archive_dir=str(paths.archive_dir),
            warehouse_path=str(paths.warehouse_path),
            serving_path=str(paths.serving_path),
            fail_on_rejection=paths.fail_on_rejection,
            success_grace_hours=paths.success_grace_hours,
            keep_all_publications_days=paths.keep_all_publications_days,
            keep_monthly_publications_years=paths.keep_monthly_publications_years,
            census_schema_dir=str(paths.census_schema_dir) if paths.census_schema_dir else None,
            earliest_date=paths.limits.earliest_date.isoformat(),
            event_date_years=paths.limits.event_date_years,
            birth_date_years=paths.limits.birth_date_years,
            max_quarantined_share=paths.limits.max_quarantined_share,
            max_row_drop=paths.limits.max_row_drop,
            hold_min_rows=paths.limits.hold_min_rows,
        )

    @property
    def paths(self) -> WarehousePaths:
        return WarehousePaths(
            landing_dir=self.landing_dir,
            archive_dir=self.archive_dir,
            warehouse_path=self.warehouse_path,
            serving_path=self.serving_path,
            fail_on_rejection=self.fail_on_rejection,
            success_grace_hours=self.success_grace_hours,
            keep_all_publications_days=self.keep_all_publications_days,
            keep_monthly_publications_years=self.keep_monthly_publications_years,
            census_schema_dir=self.census_schema_dir,
            limits=DeliveryLimits(
                earliest_date=date.fromisoformat(self.earliest_date),
                event_date_years=self.event_date_years,
                birth_date_years=self.birth_date_years,
                max_quarantined_share=self.max_quarantined_share,
                max_row_drop=self.max_row_drop,
                hold_min_rows=self.hold_min_rows,
            ),
        )
