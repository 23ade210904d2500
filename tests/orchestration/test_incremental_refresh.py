"""A refresh after one authority's new snapshot rebuilds that authority only, and gives exactly
what a refresh from scratch of the same landing area gives."""

from __future__ import annotations

import shutil
from datetime import date

import dagster as dg
import duckdb
import pytest
from snapshot_fixtures import make_paths, query

from orchestration.code_location import build_definitions
from orchestration.dbt_assets import DBT_PROJECT_DIR, build_target_path, prepared_project
from orchestration.metrics_build_scope import EVERY_AUTHORITY, METRICS_BUILDS, SOME_AUTHORITIES
from orchestration import serving_publication
from orchestration.resources import WarehouseResource
from seeds.generate import generate

DBT_SCHEMAS = ("staging", "intermediate", "metrics", "marts")
# Loads and publications made separately have their own identifiers and times; everything
# else must match.
PER_LOAD = {
    ("staging", "stg_current_snapshots"): "load_id",
    ("main", "authorities"): "loaded_at",
    ("main", "snapshot_loads"): "load_id, started_at, finished_at, run_id",
    ("main", "load_ledger"): "load_id, started_at, finished_at",
    ("main", "quarantine"): "load_id",
    ("marts", "delivery_freshness"): "load_id",
    ("main", "delivery_freshness"): "load_id",
}
SIZE = {"referrals_per_year": 60, "progress": False, "jobs": 1}


def refresh(paths) -> dg.ExecuteInProcessResult:
    warehouse = WarehouseResource(
        landing_dir=str(paths.landing_dir),
        archive_dir=str(paths.archive_dir),
        warehouse_path=str(paths.warehouse_path),
        serving_path=str(paths.serving_path),
    )
    result = build_definitions(warehouse=warehouse).resolve_job_def("refresh").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    assert result.success
    return result


def tables(database, schemas=DBT_SCHEMAS) -> dict[tuple[str, str], list[tuple]]:
    """Every table of the schemas, its rows sorted."""
    connection = duckdb.connect(str(database), read_only=True)
    try:
        tables = connection.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            f"WHERE schema_name IN {schemas} AND table_name NOT IN ('refresh_info', 'publications') ORDER BY ALL"
        ).fetchall()
        return {
            (schema, table): connection.execute(
                f"SELECT * EXCLUDE ({PER_LOAD[(schema, table)]}) FROM {schema}.{table} ORDER BY ALL"
                if (schema, table) in PER_LOAD
                else f"SELECT * FROM {schema}.{table} ORDER BY ALL"
            ).fetchall()
            for schema, table in tables
        }
    finally:
        connection.close()


@pytest.fixture(scope="module")
def refreshed_twice(tmp_path_factory):
    """Two authorities refreshed, then a new snapshot of 901 refreshed; and the same landing
    area refreshed from scratch."""
    root = tmp_path_factory.mktemp("incremental")
    paths = make_paths(root / "incremental")
    generate(paths.landing_dir, authorities=2, extract_date=date(2026, 11, 16), **SIZE)
    refresh(paths)
    later = root / "later"
    generate(later, authorities=1, extract_date=date(2026, 11, 20), **SIZE)
    shutil.move(later / "901" / "2026-11-20", paths.landing_dir / "901" / "2026-11-20")
    # The copy of a fixture this small is far larger than the file written whole (one of two
    # authorities is half of it), so the growth bound would have it written whole: lifted here,
    # to compare the updated copy itself (tests/orchestration/test_serving_growth.py: the bound).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(serving_publication, "GROWTH_BOUND", 100.0)
        second = refresh(paths)

    scratch = make_paths(root / "scratch")
    shutil.copytree(paths.landing_dir, scratch.landing_dir)
    refresh(scratch)
    return paths, scratch, second


def test_the_second_build_rebuilds_the_authority_with_a_new_snapshot_only(refreshed_twice):
    paths, scratch, _ = refreshed_twice
    assert query(
        paths.warehouse_path,
        f"SELECT rebuilt_authorities, len(snapshots) FROM {METRICS_BUILDS} ORDER BY built_at",
    ) == [(None, 2), (["901"], 3)]  # every loaded snapshot: 901's two and 902's
    assert query(scratch.warehouse_path, f"SELECT rebuilt_authorities FROM {METRICS_BUILDS}") == [
        (None,)
    ]


def test_every_table_equals_a_build_from_scratch(refreshed_twice):
    paths, scratch, _ = refreshed_twice
    rebuilt, from_scratch = tables(paths.warehouse_path), tables(scratch.warehouse_path)
    assert rebuilt.keys() == from_scratch.keys()
    assert len(rebuilt) > 90
    for table, rows in from_scratch.items():
        assert rebuilt[table] == rows, table
    # The new snapshot is the one the metrics use.
    assert query(paths.warehouse_path, "SELECT la_code, extract_date FROM staging.stg_current_snapshots "
                 "ORDER BY 1") == [("901", date(2026, 11, 20)), ("902", date(2026, 11, 16))]


def test_each_warehouses_first_build_of_each_kind_starts_from_the_saved_parse(refreshed_twice):
    """No build parsed the project whole: neither the first warehouse's first full build nor its
    first some-authorities build, nor the second warehouse's first build (a parse made for one
    warehouse is whole again for another: tests/orchestration/test_dbt_child.py)."""
    paths, scratch, _ = refreshed_twice
    project = prepared_project(DBT_PROJECT_DIR, paths.warehouse_path)
    for warehouse, kind in (
        (paths, EVERY_AUTHORITY), (paths, SOME_AUTHORITIES), (scratch, EVERY_AUTHORITY)
    ):
        # dbt.log and the older parts dbt rotated out of it (dbt.log.1, ...)
        logs = build_target_path(project, warehouse.warehouse_path, kind).glob("dbt.log*")
        log = "".join(path.read_text() for path in logs)
        build = (warehouse.warehouse_path.parent.name, kind)
        assert log.count("Running with dbt=") == 1, build  # its one build
        # dbt says so when it cannot use the parse it was given (even when it is missing)
        assert "Unable to do partial parsing" not in log, build
        assert "Found " in log and " models, " in log, build  # it did parse (its summary)


def test_the_publication_updates_the_authority_and_equals_one_from_scratch(refreshed_twice):
    paths, scratch, second = refreshed_twice
    [published] = [
        event.materialization.metadata["written"].value
        for event in second.get_asset_materialization_events()
        if event.asset_key == dg.AssetKey("serving_database")
    ]
    assert published == "the last publication, with the rows of authorities 901 replaced"
    updated, from_scratch = tables(paths.serving_path, ("main",)), tables(
        scratch.serving_path, ("main",))
    assert updated.keys() == from_scratch.keys()
    assert len(updated) > 25
    for table, rows in from_scratch.items():
        assert updated[table] == rows, table
