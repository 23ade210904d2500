"""Settings: environment variables, defaults under the repository, always absolute."""

from __future__ import annotations

import pytest

from orchestration.resources import WarehouseResource
from orchestration.settings import REPOSITORY_ROOT, WarehousePaths, paths_from_environment


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
