"""The Dagster code location: the refresh job in process, its checks, triggers and instance.

Most runs here leave the metrics layer out (dbt has its own tests); one end-to-end test runs
the whole refresh, dbt build included, on a small generated landing area.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import dagster as dg
import pytest
from code_location_fixtures import checks, failed_checks, materialized, warehouse_resource
from code_location_fixtures import upstream as upstream_assets
from snapshot_fixtures import changed, make_paths, many_children, query, write_snapshot

from orchestration.code_location import build_definitions
from orchestration.delivery_kinds import LOADED_TABLES
from orchestration.refresh_job import BUSY, REFRESH_TAG
from orchestration.settings import REPOSITORY_ROOT
from orchestration.warehouse_lock import warehouse_lock
from seeds.generate import generate

RAW_CHECKS = ("latest_delivery_loaded", "no_quarantined_rows")
DAGSTER = str(Path(sys.executable).parent / "dagster")


def refresh(paths, run_config=None, **settings) -> dg.ExecuteInProcessResult:
    defs = build_definitions(warehouse=warehouse_resource(paths, **settings), dbt_project_dir=None)
    instance = dg.DagsterInstance.ephemeral()
    result = defs.resolve_job_def("refresh").execute_in_process(
        instance=instance, run_config=run_config, raise_on_error=False
    )
    result.logged = [entry.user_message for entry in instance.all_logs(result.run_id)]
    return result



def test_refresh_loads_validates_and_publishes(paths):
    unreadable_flag = changed("ssd_cin_visits", "V1,P1,2024-01-10,Y", "V1,P1,2024-01-10,?")
    write_snapshot(paths.landing_dir, unreadable_flag)
    result = refresh(paths)

    assert result.success
    assert materialized(result) == {
        *(f"raw/{t.name}" for t in LOADED_TABLES),
        "audit/snapshot_loads",
        "audit/load_ledger",
        "audit/quarantine",
        "audit/held_acceptances",
        "audit/landing_notices",
        "audit/value_notes",
        "audit/absent_columns",
        "serving_database",
    }
    assert len(checks(result)) == 2 * (21 + 11 + 9) + 1  # two per raw table of each kind, one on the loads
    assert failed_checks(result) == {("raw/ssd_cin_visits", "no_quarantined_rows"): "WARN"}
    [visits] = [
        e for e in result.get_asset_materialization_events()
        if e.asset_key.to_user_string() == "raw/ssd_cin_visits"
    ]
    metadata = visits.materialization.metadata
    assert (metadata["rows_read"].value, metadata["rows_loaded"].value) == (2, 1)
    assert metadata["rows_quarantined"].value == 1
    assert metadata["dagster/row_count"].value == 1
    sha = query(
        paths.warehouse_path,
        "SELECT sha256 FROM audit.load_ledger WHERE table_name = 'ssd_cin_visits'",
    )[0][0]
    row = f"| 901 | 2024-03-31 | 901/2024-03-31/ssd_cin_visits.csv | {sha} | 2 | 1 | 1 | loaded |"
    assert row in metadata["files"].value
    assert query(paths.serving_path, "SELECT run_id FROM refresh_info") == [(result.run_id,)]
    assert query(paths.warehouse_path, "SELECT run_id FROM audit.snapshot_loads") == [
        (result.run_id,)
    ]


def test_a_refresh_with_nothing_new_skips_the_build_and_publish(paths):
    write_snapshot(paths.landing_dir)
    first = refresh(paths)
    published = query(paths.serving_path, "SELECT published_at FROM refresh_info")

    second = refresh(paths)

    assert second.success
    assert materialized(second) == set()
    assert [e.step_key for e in second.all_events if e.event_type_value == "STEP_SKIPPED"] == [
        "serving_database"
    ]
    assert failed_checks(second) == {}
    assert query(paths.serving_path, "SELECT published_at FROM refresh_info") == published
    assert first.run_id != second.run_id

    force = {"ops": {"load_snapshots": {"config": {"force_publish": True}}}}
    forced = refresh(paths, run_config=force)
    assert "serving_database" in materialized(forced)
    assert any(m.startswith("Forced (run config force_publish)") for m in forced.logged)
    assert not any("forced" in message.lower() for message in first.logged + second.logged)
    assert "No new or changed snapshot: the dbt build and the publication are skipped." in (
        second.logged
    )
    assert query(paths.serving_path, "SELECT run_id FROM refresh_info") == [(forced.run_id,)]


def test_a_missing_serving_database_is_published_again(paths):
    write_snapshot(paths.landing_dir)
    refresh(paths)
    paths.serving_path.unlink()
    again = refresh(paths)
    assert "serving_database" in materialized(again)
    assert paths.serving_path.exists()


def test_a_rejected_delivery_fails_its_checks_not_the_run(paths):
    write_snapshot(paths.landing_dir, {"ssd_disability": b""})
    result = refresh(paths)

    assert result.success
    assert failed_checks(result) == {
        ("raw/ssd_disability", "latest_delivery_loaded"): "ERROR",
        ("audit/snapshot_loads", "latest_deliveries_loaded"): "ERROR",
    }
    # The rejection is published for the app to show.
    assert query(paths.serving_path, "SELECT status FROM snapshot_loads") == [("rejected",)]

    # Rerunning does not retry the same bad files, and the checks still say so.
    again = refresh(paths)
    assert materialized(again) == set()
    assert ("raw/ssd_disability", "latest_delivery_loaded") in failed_checks(again)

    # A corrected re-delivery loads and clears them.
    write_snapshot(paths.landing_dir)
    fixed = refresh(paths)
    assert failed_checks(fixed) == {}


def test_operators_can_have_a_rejection_fail_the_run(paths):
    write_snapshot(paths.landing_dir, {"ssd_disability": b""})
    result = refresh(paths, fail_on_rejection=True)
    assert not result.success
    [failure] = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    assert failure.step_key == "serving_database"
    assert "this refresh rejected deliveries" in failure.event_specific_data.error.message
    # Everything else was done first.
    assert query(paths.serving_path, "SELECT status FROM snapshot_loads") == [("rejected",)]


def test_a_held_delivery_fails_its_checks_until_an_operator_accepts_it(paths):
    good = many_children()
    write_snapshot(paths.landing_dir, good, day="2024-02-29")
    assert refresh(paths).success
    header_only = good["ssd_cin_visits"].splitlines()[0] + "\n"
    write_snapshot(paths.landing_dir, {**good, "ssd_cin_visits": header_only})

    held = refresh(paths)

    assert held.success
    assert failed_checks(held) == {
        ("raw/ssd_cin_visits", "latest_delivery_loaded"): "ERROR",
        ("audit/snapshot_loads", "latest_deliveries_loaded"): "ERROR",
    }
    assert (
        "Snapshot 901/2024-03-31 held for review (the authority keeps its previous figures; to "
        "use it, run the refresh with accept_held: [901/2024-03-31]): ssd_cin_visits: no rows "
        "(its file has a header only), 120 rows in the previous snapshot (2024-02-29); a table "
        "that had rows and has none held the delivery for review"
    ) in held.logged
    assert query(paths.serving_path, "SELECT snapshot_date, status FROM snapshot_loads ORDER BY 1") == [
        (date(2024, 2, 29), "loaded"),
        (date(2024, 3, 31), "held"),
    ]
    assert query(paths.serving_path, "SELECT snapshot_date FROM authorities") == [
        (date(2024, 2, 29),)
    ]

    misnamed = refresh(paths, {"ops": {"load_snapshots": {"config": {"accept_held": ["901/2024-02-29"]}}}})
    assert not misnamed.success
    assert (
        "accept_held names 901/2024-02-29, which is not held for review (it may be loaded "
        "already, rejected, or not delivered); held now: 901/2024-03-31"
    ) in str([e.event_specific_data.error.message for e in misnamed.all_events if e.event_type_value == "STEP_FAILURE"])

    accept = {"accept_held": ["901/2024-03-31"], "accepted_by": "Jo Bloggs"}
    accepted = refresh(paths, {"ops": {"load_snapshots": {"config": accept}}})

    assert accepted.success
    assert failed_checks(accepted) == {}
    assert "serving_database" in materialized(accepted)
    assert query(paths.serving_path, "SELECT snapshot_date FROM authorities") == [
        (date(2024, 3, 31),)
    ]
    assert query(
        paths.serving_path, "SELECT snapshot_date, accepted_by, run_id FROM held_acceptances"
    ) == [(date(2024, 3, 31), "Jo Bloggs", accepted.run_id)]


def test_the_sensor_asks_for_a_refresh_when_a_complete_snapshot_appears(paths):
    defs = build_definitions(warehouse=warehouse_resource(paths), dbt_project_dir=None)
    sensor = defs.resolve_sensor_def("new_snapshot_sensor")
    resources = {"warehouse": warehouse_resource(paths)}

    def evaluate(cursor):
        context = dg.build_sensor_context(cursor=cursor, resources=resources)
        return sensor(context), context.cursor

    write_snapshot(paths.landing_dir, complete=False)
    skipped, cursor = evaluate(None)
    assert isinstance(skipped, dg.SkipReason) and cursor is None
    (paths.landing_dir / "901" / "2024-03-31" / "_SUCCESS").write_bytes(b"")
    request, cursor = evaluate(cursor)
    assert isinstance(request, dg.RunRequest)
    again, same_cursor = evaluate(cursor)
    assert isinstance(again, dg.SkipReason) and same_cursor == cursor
    write_snapshot(paths.landing_dir, day="2024-04-30")
    newer, _ = evaluate(cursor)
    assert isinstance(newer, dg.RunRequest) and newer.run_key != request.run_key


def triggers(paths):
    """The sensor and the schedule, each as a function of a cursor: (result, cursor after)."""
    defs = build_definitions(warehouse=warehouse_resource(paths), dbt_project_dir=None)
    resources = {"warehouse": warehouse_resource(paths)}
    sensor = defs.resolve_sensor_def("new_snapshot_sensor")
    schedule = defs.resolve_schedule_def("daily_refresh")

    def sense(cursor):
        context = dg.build_sensor_context(cursor=cursor, resources=resources)
        return sensor(context), context.cursor

    def daily():
        return schedule(dg.build_schedule_context(resources=resources))

    return sense, daily


def test_starting_dagster_after_a_refresh_refreshes_nothing_again(paths):
    """What `make demo` does: a refresh, then `dagster dev`, whose sensor starts with no
    cursor. It asks the warehouse, which holds the landing area as it is."""
    write_snapshot(paths.landing_dir)
    sense, daily = triggers(paths)
    assert isinstance(daily(), dg.RunRequest)  # nothing loaded yet
    refresh(paths)

    skipped, cursor = sense(None)
    assert isinstance(skipped, dg.SkipReason) and cursor is None
    assert skipped.skip_message.startswith("Nothing new to refresh: the warehouse holds")
    assert isinstance(daily(), dg.SkipReason)

    # A serving database gone (or older than the last load) is published again.
    paths.serving_path.unlink()
    assert isinstance(sense(None)[0], dg.RunRequest)
    assert isinstance(daily(), dg.RunRequest)
    refresh(paths)
    assert isinstance(sense(None)[0], dg.SkipReason)

    write_snapshot(paths.landing_dir, day="2024-04-30")
    request, newer = sense(None)
    assert isinstance(request, dg.RunRequest) and newer is not None
    # Asked once: while that refresh has not loaded the snapshot, it is not asked for again.
    again, _ = sense(newer)
    assert isinstance(again, dg.SkipReason)
    assert "A refresh was already started" in again.skip_message


def test_the_triggers_wait_while_a_refresh_writes_the_warehouse(paths):
    write_snapshot(paths.landing_dir)
    refresh(paths)
    write_snapshot(paths.landing_dir, day="2024-04-30")
    sense, daily = triggers(paths)
    with warehouse_lock(paths.lock_path):
        skipped, cursor = sense(None)
        assert isinstance(skipped, dg.SkipReason) and cursor is None
        assert skipped.skip_message == BUSY
        assert daily().skip_message == BUSY
    assert isinstance(sense(None)[0], dg.RunRequest)


def test_the_code_location_traces_the_app_back_to_the_landing_files(paths):
    """With the real metrics layer: lineage, checks, job, schedule and sensor."""
    defs = build_definitions(warehouse=warehouse_resource(paths))
    graph = defs.resolve_asset_graph()
    key = dg.AssetKey

    def upstream(asset: dg.AssetKey) -> set[str]:
        return upstream_assets(graph, asset)

    assert graph.get(key("streamlit_app")).kinds == {"streamlit"}
    lineage = upstream(key("streamlit_app"))
    for step in (
        "serving_database",
        "marts/metric_values",
        "marts/metric_catalogue",
        "raw/ssd_cin_assessments",
        "landing/ssd_cin_assessments",
        "audit/quarantine",
    ):
        assert step in lineage, step
    assert graph.get(key(["landing", "ssd_person"])).kinds == {"csv"}
    assert graph.get(key(["landing", "annex_a_list_4"])).kinds == {"xlsx"}
    assert "landing/annex_a_list_4" in upstream(key(["raw", "annex_a_list_4"]))
    check_keys = {(k.asset_key.to_user_string(), k.name) for k in graph.asset_check_keys}
    assert {("raw/ssd_person", name) for name in RAW_CHECKS} <= check_keys
    assert any(asset.startswith("marts/") for asset, _ in check_keys)  # dbt tests

    job = defs.resolve_job_def("refresh")
    assert job.partitions_def is None and job.tags == {REFRESH_TAG: "true"}
    schedule = defs.resolve_schedule_def("daily_refresh")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 6 * * *", "Europe/London")
    assert defs.resolve_sensor_def("new_snapshot_sensor").job_name == "refresh"


def test_the_instance_settings_serialise_warehouse_writers(tmp_path):
    shutil.copy(REPOSITORY_ROOT / "orchestration" / "dagster.yaml", tmp_path / "dagster.yaml")
    instance = dg.DagsterInstance.from_config(str(tmp_path))
    config = instance.get_concurrency_config()
    assert config.pool_config.default_pool_limit == 1
    assert config.run_queue_config.tag_concurrency_limits == [{"key": REFRESH_TAG, "limit": 1}]
    assert instance.get_settings("telemetry") == {"enabled": False}


def test_the_command_line_refresh_exits_non_zero_when_it_fails(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPOSITORY_ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")
    environment = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "CSC_LANDING_DIR": str(tmp_path / "no-such-landing"),
        "CSC_ARCHIVE_DIR": str(tmp_path / "archive"),
        "CSC_WAREHOUSE_PATH": str(tmp_path / "warehouse.duckdb"),
        "CSC_SERVING_PATH": str(tmp_path / "serving.duckdb"),
    }
    finished = subprocess.run(
        [DAGSTER, "job", "execute", "-m", "orchestration.definitions", "-j", "refresh"],
        cwd=REPOSITORY_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode != 0
    assert "The landing folder" in finished.stdout + finished.stderr


@pytest.mark.slow
def test_end_to_end_refresh_of_a_generated_landing_area(tmp_path):
    """Generated extracts -> raw -> dbt build -> serving database, in process."""
    paths = make_paths(tmp_path)
    summary = generate(
        paths.landing_dir,
        authorities=1,
        referrals_per_year=60,
        extract_date=date(2026, 11, 16),
        progress=False,
        jobs=1,
    )
    defs = build_definitions(warehouse=warehouse_resource(paths))
    result = defs.resolve_job_def("refresh").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )

    assert result.success
    assert "marts/metric_values" in materialized(result)
    # A fresh extract: the staleness check (a dbt test of severity warn) passes.
    assert checks(result)[("marts/delivery_freshness", "current_snapshots_are_not_stale")][0]
    serving = paths.serving_path
    assert query(serving, "SELECT la_code, snapshot_date FROM authorities") == [
        ("901", date(2026, 11, 16))
    ]
    assert query(serving, "SELECT DISTINCT la_code FROM metric_values") == [("901",)]
    # Every row the generator wrote was read, and either loaded or quarantined.
    [snapshot] = summary["authorities"][0]["snapshots"]
    ledger = query(
        serving, "SELECT table_name, rows_read, rows_loaded + rows_quarantined FROM load_ledger"
    )
    assert {table: (read, accounted) for table, read, accounted in ledger} == {
        table: (rows, rows) for table, rows in snapshot["rows"].items()
    }
    # The published quarantine holds every quarantined row, and names no child.
    assert query(serving, "SELECT count(*) FROM quarantine") == query(
        paths.warehouse_path, "SELECT count(*) FROM audit.quarantine"
    )
    assert query(
        serving,
        "SELECT count(*) FROM quarantine WHERE column_name IN ('pers_forename', 'pers_surname') "
        "AND value <> '(withheld)'",
    ) == [(0,)]

    # The same export delivered again under a later date (an old export under a new date): its
    # newest activity is on or before 16 November, more than 10 working days before 31
    # December. It is loaded, marked stale, and the asset check warns; the run succeeds.
    shutil.copytree(paths.landing_dir / "901" / "2026-11-16", paths.landing_dir / "901" / "2026-12-31")
    again = defs.resolve_job_def("refresh").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    assert again.success
    failed = failed_checks(again)
    assert failed[("marts/delivery_freshness", "current_snapshots_are_not_stale")] == "WARN"
    assert set(failed.values()) == {"WARN"}  # and the generator's defects: quarantined rows
    assert query(serving, "SELECT extract_date, is_stale, is_current FROM delivery_freshness ORDER BY 1") == [
        (date(2026, 11, 16), False, False), (date(2026, 12, 31), True, True),
    ]
