"""The code location as tests build it: on a test's own folders; its asset graph and a run's
materializations and asset checks read back."""

from __future__ import annotations

import dagster as dg

from orchestration.resources import WarehouseResource
from orchestration.settings import WarehousePaths


def warehouse_resource(paths: WarehousePaths, **settings) -> WarehouseResource:
    return WarehouseResource(
        landing_dir=str(paths.landing_dir),
        archive_dir=str(paths.archive_dir),
        warehouse_path=str(paths.warehouse_path),
        serving_path=str(paths.serving_path),
        **settings,
    )


def upstream(graph, asset: dg.AssetKey) -> set[str]:
    """Every asset the asset depends on, however far up, as `schema/name` strings."""
    seen, todo = set(), [asset]
    while todo:
        for parent in graph.get(todo.pop()).parent_keys:
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return {key.to_user_string() for key in seen}


def materialized(result: dg.ExecuteInProcessResult) -> set[str]:
    """The assets the run materialized, as `schema/name` strings."""
    return {
        event.asset_key.to_user_string()
        for event in result.get_asset_materialization_events()
    }


def checks(result: dg.ExecuteInProcessResult) -> dict[tuple[str, str], tuple[bool, str]]:
    """Each asset check the run evaluated, by (asset, check name): passed, and its severity."""
    return {
        (e.asset_key.to_user_string(), e.check_name): (e.passed, e.severity.value)
        for e in result.get_asset_check_evaluations()
    }


def failed_checks(result: dg.ExecuteInProcessResult) -> dict[tuple[str, str], str]:
    """The checks that did not pass, by (asset, check name): their severity (ERROR or WARN)."""
    return {key: severity for key, (passed, severity) in checks(result).items() if not passed}
