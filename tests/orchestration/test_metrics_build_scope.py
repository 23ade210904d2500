"""Which authorities a dbt build rebuilds, decided from the audit history and the last build."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta

import duckdb
import pytest

from orchestration.metrics_build_scope import (
    METRICS_BUILDS,
    BuildScope,
    decide_scope,
    project_fingerprint,
    record_build,
)
from orchestration.unit_test_passes import UnitTestsPassed, record_pass, record_path
from orchestration.warehouse_schema import create_tables

PROJECT = "fingerprint-of-the-project"


def add_load(warehouse, load_id: str, la_code: str, day: str, status: str = "loaded") -> None:
    connection = duckdb.connect(str(warehouse))
    try:
        finished = datetime(2026, 11, 1) + (date.fromisoformat(day) - date(2026, 1, 1))
        connection.execute(
            "INSERT INTO audit.snapshot_loads (load_id, la_code, snapshot_date, status, message, "
            "files, rows_read, rows_loaded, rows_quarantined, started_at, finished_at, run_id) "
            "VALUES (?, ?, ?, ?, NULL, 21, 0, 0, 0, ?, ?, NULL)",
            [load_id, la_code, date.fromisoformat(day), status, finished, finished],
        )
    finally:
        connection.close()


def new_warehouse(path) -> None:
    """Three authorities loaded, the metrics not built yet."""
    connection = duckdb.connect(str(path))
    create_tables(connection)
    connection.execute("CREATE SCHEMA marts")
    connection.execute("CREATE TABLE marts.metric_values (la_code VARCHAR)")
    connection.close()
    for load_id, la_code in (("L1", "901"), ("L2", "902"), ("L3", "903")):
        add_load(path, load_id, la_code, "2026-10-31")


@pytest.fixture
def warehouse(tmp_path):
    """Three authorities loaded, the metrics built once from those snapshots."""
    path = tmp_path / "warehouse.duckdb"
    new_warehouse(path)
    record_build(path, decide_scope(path, PROJECT), PROJECT, run_id="run-1")
    return path


def test_a_first_build_is_full(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    connection = duckdb.connect(str(path))
    create_tables(connection)
    connection.close()
    add_load(path, "L1", "901", "2026-10-31")
    assert decide_scope(path, PROJECT) == BuildScope(
        None, "Full dbt build: the metrics have not been built yet.", ("L1",)
    )


def test_a_new_snapshot_rebuilds_its_authority_only(warehouse):
    add_load(warehouse, "L4", "902", "2026-11-30")
    add_load(warehouse, "L5", "903", "2026-11-30", status="rejected")  # not current
    scope = decide_scope(warehouse, PROJECT)
    assert (scope.authorities, scope.reason, scope.snapshots) == (
        ("902",),
        "dbt build of the 1 authorities with a new snapshot (902); the other 2 are unchanged.",
        ("L1", "L2", "L3", "L4"),  # 902's history: L2 and L4
    )
    assert scope.dbt_command() == [
        "build", "--vars", '{"rebuild_some_authorities": true}', "--exclude", "test_type:unit"]
    assert scope.dbt_environment() == {"CSC_REBUILD_AUTHORITIES": '["902"]'}


def test_authorities_missed_by_a_failed_build_are_rebuilt_by_the_next(warehouse):
    add_load(warehouse, "L4", "902", "2026-11-30")  # its build fails: nothing recorded
    add_load(warehouse, "L5", "904", "2026-11-30")  # a new authority
    assert decide_scope(warehouse, PROJECT).authorities == ("902", "904")


def test_after_a_partial_build_only_later_snapshots_count(warehouse):
    add_load(warehouse, "L4", "902", "2026-11-30")
    record_build(warehouse, decide_scope(warehouse, PROJECT), PROJECT, run_id="run-2")
    add_load(warehouse, "L5", "901", "2026-12-31")
    assert decide_scope(warehouse, PROJECT).authorities == ("901",)


def test_a_snapshot_older_than_the_current_one_rebuilds_its_authority(warehouse):
    """The authority's current snapshot stays L2, but its history gains one: the metrics
    layer assembles an authority's history from every loaded snapshot."""
    add_load(warehouse, "L4", "902", "2026-09-30")  # delivered late, after L2 of October
    scope = decide_scope(warehouse, PROJECT)
    assert (scope.authorities, scope.snapshots) == (("902",), ("L1", "L2", "L3", "L4"))
    record_build(warehouse, scope, PROJECT, run_id="run-2")
    assert decide_scope(warehouse, PROJECT).authorities == ()


def test_an_older_delivery_released_from_hold_rebuilds_its_authority(warehouse):
    add_load(warehouse, "L4", "903", "2026-09-30", status="held")
    assert decide_scope(warehouse, PROJECT).authorities == ()  # held: not in the metrics
    connection = duckdb.connect(str(warehouse))
    connection.execute("UPDATE audit.snapshot_loads SET status = 'loaded' WHERE load_id = 'L4'")
    connection.close()
    assert decide_scope(warehouse, PROJECT).authorities == ("903",)


@pytest.mark.parametrize(
    "change, reason",
    [
        ("project", "Full dbt build: the dbt project has changed since the last build."),
        ("forced", "Full dbt build, forced (run config force_rebuild): no authority has a new "
         "snapshot since the last build."),
        ("everyone", "Full dbt build: every authority has a new snapshot."),
        ("marts dropped", "Full dbt build: the metrics have not been built yet."),
    ],
)
def test_a_full_build_when_a_partial_one_cannot_be_trusted_or_gains_nothing(
    warehouse, change, reason
):
    fingerprint = "another-project" if change == "project" else PROJECT
    if change == "everyone":
        for load_id, la_code in (("L4", "901"), ("L5", "902"), ("L6", "903")):
            add_load(warehouse, load_id, la_code, "2026-11-30")
    elif change == "project":
        add_load(warehouse, "L4", "902", "2026-11-30")
    elif change == "marts dropped":
        add_load(warehouse, "L4", "902", "2026-11-30")
        connection = duckdb.connect(str(warehouse))
        connection.execute("DROP TABLE marts.metric_values")
        connection.close()
    scope = decide_scope(warehouse, fingerprint, force=change == "forced")
    # the unit tests passed on PROJECT in the first build; another project runs them
    command = ["build"] if change == "project" else ["build", "--exclude", "test_type:unit"]
    assert (scope.authorities, scope.reason, scope.dbt_command()) == (None, reason, command)
    assert scope.dbt_environment() == {"CSC_REBUILD_AUTHORITIES": ""}


def test_with_no_new_snapshot_nothing_is_built_and_only_the_data_tests_run(warehouse):
    add_load(warehouse, "L4", "902", "2026-11-30", status="rejected")  # the only new delivery
    scope = decide_scope(warehouse, PROJECT)
    assert (scope.authorities, scope.reason, scope.snapshots) == (
        (),
        "Nothing new to build (no authority has a new snapshot since the last dbt build): the "
        "dbt build is skipped; its data tests run on the tables as they are.",
        ("L1", "L2", "L3"),
    )
    assert not scope.builds
    assert scope.dbt_command() == ["test", "--exclude", "test_type:unit"]
    assert scope.dbt_environment() == {"CSC_REBUILD_AUTHORITIES": ""}
    assert "forced" not in scope.reason


def test_the_fingerprint_follows_the_project_files(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "a.sql").write_text("select 1")
    (tmp_path / "target").mkdir()
    sources = ("dbt_project.yml", "models")
    before = project_fingerprint(tmp_path, sources)
    (tmp_path / "target" / "manifest.json").write_text("{}")  # dbt's output does not count
    assert project_fingerprint(tmp_path, sources) == before
    (tmp_path / "models" / "a.sql").write_text("select 2")
    assert project_fingerprint(tmp_path, sources) != before


def unit_test_records(warehouse) -> list[tuple]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return connection.execute(
            "SELECT run_id, project_fingerprint, unit_tests_ran, unit_tests_passed_at = "
            f"built_at, unit_tests_passed_run_id FROM {METRICS_BUILDS} ORDER BY built_at"
        ).fetchall()
    finally:
        connection.close()


def test_the_unit_tests_run_once_per_project_while_they_pass(warehouse):
    again = decide_scope(warehouse, PROJECT, force=True)  # a full build of the same project
    assert not again.runs_unit_tests
    assert again.dbt_command() == ["build", "--exclude", "test_type:unit"]
    assert again.unit_tests_words().startswith(
        "dbt's unit tests are left out: they test the models' SQL, not the warehouse's data, "
        "and every one passed on this same dbt project in the build of 2"
    )
    assert again.unit_tests_words().endswith(" UTC (run run-1).")
    record_build(warehouse, again, PROJECT, run_id="run-2")
    changed = decide_scope(warehouse, "another-project")
    assert changed.runs_unit_tests and changed.dbt_command() == ["build"]
    assert changed.unit_tests_words() == (
        "dbt's unit tests run in this build: no earlier build of this dbt project ran them and "
        "passed."
    )
    # that build fails (a unit test, say): nothing is recorded, and the next one runs them
    assert decide_scope(warehouse, "another-project").runs_unit_tests
    record_build(warehouse, changed, "another-project", run_id="run-4")
    assert not decide_scope(warehouse, "another-project", force=True).runs_unit_tests
    # back to the first project: its unit tests passed in run-1
    assert decide_scope(warehouse, PROJECT, force=True).unit_tests_passed.run_id == "run-1"
    # each build says whether it ran them, and when and in which run they passed on its project
    assert unit_test_records(warehouse) == [
        ("run-1", PROJECT, True, True, "run-1"),
        ("run-2", PROJECT, False, False, "run-1"),
        ("run-4", "another-project", True, True, "run-4"),
    ]


def test_a_build_recorded_before_unit_tests_were_tracked_runs_them(warehouse):
    connection = duckdb.connect(str(warehouse))
    connection.execute(f"DELETE FROM {METRICS_BUILDS}")
    for column in ("unit_tests_ran", "unit_tests_passed_at", "unit_tests_passed_run_id"):
        connection.execute(f"ALTER TABLE {METRICS_BUILDS} DROP COLUMN {column}")
    connection.execute(
        f"INSERT INTO {METRICS_BUILDS} VALUES (now(), 'old', ?, NULL, ['L1', 'L2', 'L3'])",
        [PROJECT],
    )
    connection.close()
    add_load(warehouse, "L4", "902", "2026-11-30")
    scope = decide_scope(warehouse, PROJECT)
    assert scope.authorities == ("902",) and scope.runs_unit_tests
    assert scope.dbt_command() == ["build", "--vars", '{"rebuild_some_authorities": true}']
    record_build(warehouse, scope, PROJECT, run_id="run-2")
    assert unit_test_records(warehouse)[-1] == ("run-2", PROJECT, True, True, "run-2")


# The installation's record of passed unit tests (unit_test_passes), in a folder of each test's
# own: what another test (or a developer's refresh) recorded never decides what these expect.


def built_at(warehouse) -> datetime:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return connection.execute(f"SELECT max(built_at) FROM {METRICS_BUILDS}").fetchall()[0][0]
    finally:
        connection.close()


def test_a_second_warehouse_leaves_out_the_unit_tests_that_passed_on_the_first(tmp_path):
    record = record_path(tmp_path / "target")
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    new_warehouse(first)
    new_warehouse(second)
    scope = decide_scope(first, PROJECT, installation_record=record)
    assert scope.runs_unit_tests and scope.dbt_command() == ["build"]
    assert record_build(first, scope, PROJECT, "run-1", installation_record=record) is None
    passed_at = built_at(first)
    assert json.loads(record.read_text()) == {
        PROJECT: {"passed_at": passed_at.isoformat(), "run_id": "run-1",
                  "warehouse": str(first.resolve())}
    }
    # the second warehouse's first build (the metrics not built yet) leaves them out
    scope = decide_scope(second, PROJECT, installation_record=record)
    assert scope.reason == "Full dbt build: the metrics have not been built yet."
    assert scope.dbt_command() == ["build", "--exclude", "test_type:unit"]
    assert scope.unit_tests_words() == (
        "dbt's unit tests are left out: they test the models' SQL, not the warehouse's data, "
        f"and every one passed on this same dbt project in the build of "
        f"{passed_at:%Y-%m-%d %H:%M:%S} UTC (run run-1) of another warehouse on this machine "
        f"({first.resolve()})."
    )
    assert record_build(second, scope, PROJECT, "run-2", installation_record=record) is None
    assert unit_test_records(second) == [("run-2", PROJECT, False, False, "run-1")]
    assert json.loads(record.read_text())[PROJECT]["run_id"] == "run-1"  # not run, not noted
    # its own record now holds that pass; the log still names the warehouse it was built in
    again = decide_scope(second, PROJECT, force=True, installation_record=record)
    assert again.unit_tests_words() == scope.unit_tests_words()
    # the first warehouse's next build: its own build, so no other warehouse is named
    own = decide_scope(first, PROJECT, force=True, installation_record=record)
    assert own.unit_tests_words().endswith(" UTC (run run-1).")
    # another project (an edited model, a new dbt) runs them, on any warehouse
    assert decide_scope(second, "another-project", installation_record=record).runs_unit_tests


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe not UTF-8",
        b"[]",
        json.dumps({PROJECT: "run-1"}).encode(),
        json.dumps({PROJECT: {"passed_at": "yesterday", "run_id": "run-1",
                              "warehouse": "/elsewhere.duckdb"}}).encode(),
        json.dumps({PROJECT: {"run_id": "run-1", "warehouse": "/elsewhere.duckdb"}}).encode(),
    ],
    ids=["not JSON", "not text", "a list", "not an entry", "not a time", "no time"],
)
def test_a_corrupt_record_means_not_passed_and_the_next_pass_writes_it_again(tmp_path, content):
    record = record_path(tmp_path / "target")
    record.parent.mkdir()
    record.write_bytes(content)
    warehouse = tmp_path / "warehouse.duckdb"
    new_warehouse(warehouse)
    scope = decide_scope(warehouse, PROJECT, installation_record=record)
    assert scope.runs_unit_tests
    assert record_build(warehouse, scope, PROJECT, "run-1", installation_record=record) is None
    assert json.loads(record.read_text())[PROJECT]["run_id"] == "run-1"


def test_a_record_that_cannot_be_written_is_reported_not_raised(tmp_path):
    record = record_path(tmp_path / "target")
    record.mkdir(parents=True)  # a folder where the file should be: unreadable, unwritable
    warehouse = tmp_path / "warehouse.duckdb"
    new_warehouse(warehouse)
    scope = decide_scope(warehouse, PROJECT, installation_record=record)
    assert scope.runs_unit_tests
    unrecorded = record_build(warehouse, scope, PROJECT, "run-1", installation_record=record)
    assert unrecorded.startswith(
        f"The record of passed unit tests ({record}) could not be written: "
    )
    assert unit_test_records(warehouse) == [("run-1", PROJECT, True, True, "run-1")]
    assert list(record.parent.iterdir()) == [record]  # no temporary file left behind


def test_the_record_keeps_the_fifty_latest_projects(tmp_path):
    record = record_path(tmp_path)
    warehouse = tmp_path / "warehouse.duckdb"
    for hour in range(1, 53):
        passed = UnitTestsPassed(datetime(2026, 10, 1) + timedelta(hours=hour), f"run-{hour}")
        assert record_pass(record, f"project-{hour}", passed, warehouse) is None
    assert set(json.loads(record.read_text())) == {f"project-{hour}" for hour in range(3, 53)}


def test_a_reader_never_sees_half_a_record_while_two_builds_write_it(tmp_path):
    record = record_path(tmp_path)
    passed = UnitTestsPassed(datetime(2026, 12, 1), "run-1")

    def write(name: str) -> None:
        for number in range(100):
            record_pass(record, f"{name}-{number}", passed, tmp_path / f"{name}.duckdb")

    writers = [threading.Thread(target=write, args=(name,)) for name in ("first", "second")]
    for writer in writers:
        writer.start()
    reads = 0
    while any(writer.is_alive() for writer in writers):
        if record.exists():
            assert isinstance(json.loads(record.read_text()), dict)
            reads += 1
    for writer in writers:
        writer.join()
    assert reads > 0
    assert [path.name for path in tmp_path.iterdir()] == [record.name]
