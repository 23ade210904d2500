"""Settings: environment variables, defaults under the repository, always absolute."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.resources import WarehouseResource
from orchestration.settings import (
    REPOSITORY_ROOT,
    DeliveryLimits,
    WarehousePaths,
    paths_from_environment,
)


def test_defaults_are_under_the_repository_whatever_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = paths_from_environment({})
    assert paths == WarehousePaths(
        landing_dir=REPOSITORY_ROOT / "data" / "landing",
        archive_dir=REPOSITORY_ROOT / "data" / "archive",
        warehouse_path=REPOSITORY_ROOT / "data" / "warehouse.duckdb",
        serving_path=REPOSITORY_ROOT / "data" / "serving.duckdb",
        fail_on_rejection=False,
    )
    assert paths.lock_path == REPOSITORY_ROOT / "data" / "warehouse.duckdb.lock"


def test_relative_values_are_taken_from_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = paths_from_environment(
        {
            "CSC_LANDING_DIR": "extracts",
            "CSC_ARCHIVE_DIR": "~/kept",
            "CSC_WAREHOUSE_PATH": "../w.duckdb",
            "CSC_SERVING_PATH": f"{tmp_path}/s.duckdb",
            "CSC_FAIL_ON_REJECTION": "yes",
        }
    )
    assert paths.landing_dir == tmp_path / "extracts"
    assert paths.archive_dir.is_absolute() and paths.archive_dir.name == "kept"
    assert "~" not in str(paths.archive_dir)
    assert paths.warehouse_path == tmp_path.parent / "w.duckdb"
    assert paths.serving_path == tmp_path / "s.duckdb"
    assert paths.fail_on_rejection is True


def test_an_unclear_switch_is_refused():
    with pytest.raises(ValueError, match="CSC_FAIL_ON_REJECTION='maybe' is neither yes"):
        paths_from_environment({"CSC_FAIL_ON_REJECTION": "maybe"})


def test_the_dagster_resource_carries_the_same_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("CSC_LANDING_DIR", str(tmp_path / "in"))
    monkeypatch.delenv("CSC_SERVING_PATH", raising=False)
    resource = WarehouseResource.from_environment()
    assert resource.paths.landing_dir == tmp_path / "in"
    assert resource.paths.serving_path == REPOSITORY_ROOT / "data" / "serving.duckdb"


def test_the_success_grace_period_is_24_hours_unless_set():
    assert paths_from_environment({}).success_grace_hours == 24.0
    assert paths_from_environment({"CSC_SUCCESS_GRACE_HOURS": "1.5"}).success_grace_hours == 1.5
    for unclear in ("soon", "-2", "inf"):
        with pytest.raises(ValueError) as refused:
            paths_from_environment({"CSC_SUCCESS_GRACE_HOURS": unclear})
        assert str(refused.value) == (
            f"CSC_SUCCESS_GRACE_HOURS={unclear!r} is not a number of hours (0 or more, as 24 or 1.5)"
        )


def test_the_dagster_resource_carries_the_grace_period(monkeypatch):
    monkeypatch.setenv("CSC_SUCCESS_GRACE_HOURS", "6")
    assert WarehouseResource.from_environment().paths.success_grace_hours == 6.0


def test_the_delivery_limits_have_defaults_and_can_be_set():
    assert paths_from_environment({}).limits == DeliveryLimits(
        earliest_date=date(1900, 1, 1),
        event_date_years=30,
        birth_date_years=26,
        max_quarantined_share=0.05,
        max_row_drop=0.20,
        hold_min_rows=20,
    )
    assert paths_from_environment(
        {
            "CSC_EARLIEST_DATE": "1950-01-01",
            "CSC_EVENT_DATE_YEARS": "40",
            "CSC_BIRTH_DATE_YEARS": "25",
            "CSC_MAX_QUARANTINED_SHARE": "10%",
            "CSC_MAX_ROW_DROP": "0.5",
            "CSC_HOLD_MIN_ROWS": "0",
        }
    ).limits == DeliveryLimits(date(1950, 1, 1), 40, 25, 0.10, 0.5, 0)


@pytest.mark.parametrize(
    "variable, value, words",
    [
        ("CSC_EARLIEST_DATE", "1/1/1900", "is not a date written YYYY-MM-DD (as 1900-01-01)"),
        ("CSC_EVENT_DATE_YEARS", "thirty", "is not a whole number of years (1 or more, as 30)"),
        ("CSC_BIRTH_DATE_YEARS", "0", "is not a whole number of years (1 or more, as 30)"),
        ("CSC_HOLD_MIN_ROWS", "-1", "is not a whole number of rows (0 or more, as 20)"),
        (
            "CSC_MAX_QUARANTINED_SHARE",
            "5",
            "is not a share: a percentage (as 5%) or a fraction from 0 to 1 (as 0.05)",
        ),
        (
            "CSC_MAX_ROW_DROP",
            "120%",
            "is not a share: a percentage (as 5%) or a fraction from 0 to 1 (as 0.05)",
        ),
    ],
)
def test_an_unclear_limit_is_refused(variable, value, words):
    with pytest.raises(ValueError) as refused:
        paths_from_environment({variable: value})
    assert str(refused.value) == f"{variable}={value!r} {words}"


def test_the_dagster_resource_carries_the_delivery_limits(monkeypatch):
    monkeypatch.setenv("CSC_EARLIEST_DATE", "1920-06-30")
    monkeypatch.setenv("CSC_MAX_ROW_DROP", "35%")
    limits = WarehouseResource.from_environment().paths.limits
    assert limits == DeliveryLimits(
        earliest_date=date(1920, 6, 30), max_row_drop=0.35
    )
