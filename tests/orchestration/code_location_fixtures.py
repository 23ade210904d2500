"""The code location as tests build it: on a test's own folders, and its asset graph read back."""

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
