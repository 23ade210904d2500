"""The serving database: complete, redacted, and replaced atomically under a reading app."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
from snapshot_fixtures import DAY, LA, changed, query, write_snapshot

from orchestration.landing_load import load_landing_area
from orchestration.serving_publication import publish, published_at

READER = Path(__file__).with_name("serving_reader.py")
ETHNICITY_RULE = (
    "not one of the CIN census ethnicity codes: WBRI, WIRI, WIRT, WOTH, WROM, MWBC, MWBA, MWAS, "
    "MOTH, AIND, APKN, ABAN, AOTH, BCRB, BAFR, BOTH, CHNE, OOTH, REFU, NOBT"
)


def loaded(paths, changes=None):
    write_snapshot(paths.landing_dir, changes)
    load_landing_area(paths, log=lambda message: None)
    return paths


def tables_of(database: Path) -> list[str]:
    return [
        name
        for (name,) in query(
            database, "SELECT table_name FROM information_schema.tables ORDER BY table_name"
        )
    ]


def test_publish_copies_the_marts_and_the_audit_tables(paths):
    loaded(paths)
    connection = duckdb.connect(str(paths.warehouse_path))
    connection.execute("CREATE SCHEMA marts")
    connection.execute(
        "CREATE TABLE marts.metric_values AS SELECT 'referrals' AS metric_id, 3 AS value"
    )
    connection.execute("CREATE VIEW marts.worklist_demo AS SELECT 'P1' AS person_id")
    connection.close()

    publication = publish(paths, run_id="run-7", log=lambda message: None)

    assert tables_of(paths.serving_path) == [
        "absent_columns",
        "authorities",
        "held_acceptances",
        "landing_notices",
        "load_ledger",
        "metric_values",
        "publications",
        "quarantine",
        "refresh_info",
        "snapshot_loads",
        "value_notes",
        "worklist_demo",
    ]
    assert publication.row_counts == {
        "metric_values": 1,
        "worklist_demo": 1,
        "snapshot_loads": 1,
        "load_ledger": 12,
        "quarantine": 0,
        "landing_notices": 0,
        "value_notes": 0,
        "held_acceptances": 0,
        "absent_columns": 34,  # the format's optional columns BASE's files leave out
        "authorities": 1,
        "refresh_info": 1,
        "publications": 1,
    }
    metric = query(paths.serving_path, "SELECT metric_id, value FROM metric_values")
    assert metric == [("referrals", 3)]
    # A left-out column's table named as messages name it: the file it comes in.
    assert query(
        paths.serving_path,
        "SELECT DISTINCT table_name, delivered_in FROM absent_columns "
        "WHERE table_name = 'ssd_cin_assessments'",
    ) == [("ssd_cin_assessments", "ssd_cin_assessments.csv")]
    assert query(paths.serving_path, "SELECT la_code, snapshot_date FROM authorities") == [
        (LA, date(2024, 3, 31))
    ]
    assert query(paths.serving_path, "SELECT published_at, run_id FROM refresh_info") == [
        (publication.published_at, "run-7")
    ]
    assert published_at(paths.serving_path) == publication.published_at
    # Nothing is left beside it but the folder of kept publications.
    assert sorted(p.name for p in paths.serving_path.parent.iterdir() if "serving" in p.name) == [
        "serving-publications",
        "serving.duckdb",
    ]


def test_what_interrupted_publications_left_is_removed_by_the_next(paths):
    loaded(paths)
    left = paths.serving_path.with_name("publishing-0f3a.serving.duckdb")
    for path in (left, left.with_name(left.name + ".wal")):
        path.write_bytes(b"half a database")
    messages = []
    publish(paths, log=messages.append)
    assert messages[0] == (
        "Removed what interrupted publications left beside the serving database: "
        "publishing-0f3a.serving.duckdb, publishing-0f3a.serving.duckdb.wal"
    )
    assert sorted(p.name for p in paths.serving_path.parent.iterdir() if "serving" in p.name) == [
        "serving-publications",
        "serving.duckdb",
    ]


def test_authorities_name_each_authoritys_newest_loaded_snapshot(paths):
    write_snapshot(paths.landing_dir, day="2024-01-31")
    write_snapshot(paths.landing_dir, day="2024-02-29")
    write_snapshot(paths.landing_dir, {"ssd_person": b""}, day=DAY)  # rejected
    write_snapshot(paths.landing_dir, la="902", day="2023-12-31")
    load_landing_area(paths, log=lambda message: None)
    publish(paths, log=lambda message: None)
    assert query(paths.serving_path, "SELECT la_code, snapshot_date FROM authorities") == [
        ("901", date(2024, 2, 29)),
        ("902", date(2023, 12, 31)),
    ]


def test_a_person_row_reaches_the_serving_database_as_its_id_column_and_rule_only(paths):
    person = {
        "ssd_person": (
            "pers_person_id,pers_upn,pers_forename,pers_surname,pers_sex,pers_ethnicity,"
            "pers_dob,postcode\n"
            "P1,A123456789012,Amy,Able,F,WBRI,2015-06-01,AB1 2CD\n"
            "P2,B123456789012,Ben,Baker,M,BAFR,03/02/2010,AB1 2CD\n"
            "P3,C123456789012,Cal,Cole,U,NOBT,2008-11-31,EF3 4GH\n"
        )
    }
    loaded(paths, person)
    publish(paths, log=lambda message: None)
    # The warehouse keeps the row as delivered ...
    [(value, record)] = query(
        paths.warehouse_path,
        "SELECT value, record FROM audit.quarantine WHERE table_name = 'ssd_person'",
    )
    assert value == "2008-11-31"
    assert json.loads(record)["pers_forename"] == "Cal"
    assert json.loads(record)["postcode"] == "EF3 4GH"
    # ... the serving database shows its id, the column and the rule, and nothing else of it.
    assert query(
        paths.serving_path,
        "SELECT record_id, column_name, value, rule, record FROM quarantine "
        "WHERE table_name = 'ssd_person'",
    ) == [
        (
            "P3",
            "pers_dob",
            "(withheld)",
            "not a valid date (expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or DD/MM/YYYY)",
            None,
        )
    ]
    serving_text = str(query(paths.serving_path, "SELECT * FROM quarantine"))
    assert "Cal" not in serving_text and "EF3" not in serving_text


def test_a_shifted_person_row_shows_no_value_whatever_column_it_sits_in(paths):
    """A field too many after the UPN and one too few at the end: the surname lands in
    pers_sex and the date of birth in pers_ethnicity."""
    shifted = changed(
        "ssd_person",
        "P3,L3,C123456789012,Cal,Cole,U,NOBT,2008-11-30,",
        "P3,L3,C123456789012,Cal,Jo,Cole,2008-11-30,,",
    )
    loaded(paths, shifted)
    publish(paths, log=lambda message: None)
    assert query(
        paths.warehouse_path,
        "SELECT column_name, value FROM audit.quarantine WHERE table_name = 'ssd_person' "
        "ORDER BY column_name",
    ) == [("pers_dob", None), ("pers_ethnicity", "2008-11-30"), ("pers_sex", "Cole")]
    assert query(
        paths.serving_path,
        "SELECT record_id, column_name, value, rule, record FROM quarantine "
        "WHERE table_name = 'ssd_person' ORDER BY column_name",
    ) == [
        ("P3", "pers_dob", None, "required value is empty", None),
        ("P3", "pers_ethnicity", "(withheld)", ETHNICITY_RULE, None),
        ("P3", "pers_sex", "(withheld)", "not one of the sex codes: M, F, U", None),
    ]
    serving_text = str(query(paths.serving_path, "SELECT * FROM quarantine"))
    for delivered in ("Cal", "Jo", "Cole", "2008-11-30", "C123456789012", "L3"):
        assert delivered not in serving_text
    # The rows that point at the quarantined child keep their values (no identifier there).
    assert query(
        paths.serving_path,
        "SELECT table_name, record_id, value, record ->> 'cine_referral_team' FROM quarantine "
        "WHERE table_name = 'ssd_cin_episodes'",
    ) == [("ssd_cin_episodes", "R3", "P3", "Team A")]


def test_a_case_note_row_shows_no_free_text(paths):
    loaded(paths, changed("ext_case_notes", "management_oversight,", "chat,"))
    publish(paths, log=lambda message: None)
    assert query(
        paths.serving_path,
        "SELECT table_name, record_id, column_name, value, record FROM quarantine",
    ) == [("ext_case_notes", "N1", "note_note_type", "(withheld)", None)]
    assert "Amy" not in str(query(paths.serving_path, "SELECT * FROM quarantine"))


def test_other_tables_quarantine_rows_keep_their_values(paths):
    loaded(paths, changed("ssd_cin_visits", "V1,P1,2024-01-10,Y", "V1,P1,2024-01-10,maybe"))
    publish(paths, log=lambda message: None)
    assert query(paths.serving_path, "SELECT column_name, value FROM quarantine") == [
        ("cinv_cin_visit_seen", "maybe")
    ]


def test_a_reader_polling_during_publishes_sees_only_whole_databases(paths, tmp_path):
    loaded(paths)
    publish(paths, run_id="run-0", log=lambda message: None)
    stop, report = tmp_path / "stop", tmp_path / "readings.jsonl"
    reader = subprocess.Popen(
        [sys.executable, str(READER), str(paths.serving_path), str(stop), str(report)]
    )
    try:
        time.sleep(0.3)
        for number in range(1, 13):
            publish(paths, run_id=f"run-{number}", log=lambda message: None)
    finally:
        stop.write_text("")
        reader.wait(timeout=60)

    readings = [json.loads(line) for line in report.read_text().splitlines()]
    errors = [r["error"] for r in readings if "error" in r]
    assert errors == []
    complete = {
        "snapshot_loads": 1,
        "load_ledger": 12,
        "quarantine": 0,
        "authorities": 1,
        "refresh_info": 1,
    }
    assert all(r["counts"] == complete for r in readings)
    # The reader really did read across publishes, in order.
    run_numbers = [int(r["run_id"].removeprefix("run-")) for r in readings]
    assert len(set(run_numbers)) >= 3
    assert run_numbers == sorted(run_numbers)


def test_the_apps_open_connection_never_holds_up_a_publish(paths, monkeypatch):
    """The app keeps a read-only connection to the published file; a refresh in a process of
    its own publishes while it is open (a new file moved into place, so the open one is not
    written), and the app's next read is of the new publication."""
    from app import serving_db

    loaded(paths)
    publish(paths, run_id="run-1", log=lambda message: None)
    monkeypatch.setenv("CSC_SERVING_PATH", str(paths.serving_path))
    serving_db._read.clear()
    assert serving_db.refresh_info()["run_id"].tolist() == ["run-1"]
    held = serving_db._open_files[str(paths.serving_path)]

    publisher = subprocess.run(
        [
            sys.executable, "-c",
            "import sys; from pathlib import Path; "
            "from orchestration.serving_publication import publish; "
            "from orchestration.settings import WarehousePaths; "
            "paths = WarehousePaths(*(Path(p) for p in sys.argv[1:5])); "
            "publish(paths, run_id='run-2', log=lambda message: None)",
            str(paths.landing_dir), str(paths.archive_dir), str(paths.warehouse_path),
            str(paths.serving_path),
        ],
        capture_output=True, text=True, timeout=300, check=False,
    )

    assert publisher.returncode == 0, publisher.stderr
    assert held.readers == 0 and not held.replaced  # open all along, untouched by the publish
    assert serving_db.refresh_info()["run_id"].tolist() == ["run-2"]
    assert serving_db._open_files[str(paths.serving_path)] is not held


def test_the_marts_are_stored_by_authority_and_every_authoritys_lines_by_metric(paths):
    """Written out of order, a mart keyed by authority is stored by la_code; the comparison of
    every authority's mart, metric by metric (then grain, authority, period)."""
    loaded(paths)
    connection = duckdb.connect(str(paths.warehouse_path))
    connection.execute("CREATE SCHEMA marts")
    rows = ("('902', 'b', 'month', DATE '2024-02-01'), ('901', 'b', 'month', DATE '2024-01-01'), "
            "('902', 'a', 'quarter', DATE '2024-01-01'), ('901', 'a', 'month', DATE '2024-02-01'), "
            "('901', 'a', 'month', DATE '2024-01-01')")
    for mart in ("metric_values", "metric_values_whole_authority"):
        connection.execute(f"CREATE TABLE marts.{mart} AS SELECT * FROM (VALUES {rows}) "
                           "AS t(la_code, metric_id, period_grain, period_start)")
    connection.close()

    publish(paths, run_id="run-8", log=lambda message: None)

    def stored(mart: str) -> list[tuple]:  # in the order of the file: no ORDER BY
        return [(la, metric, grain, start.isoformat()) for la, metric, grain, start in
                query(paths.serving_path, f"SELECT la_code, metric_id, period_grain, period_start FROM {mart}")]

    assert [row[0] for row in stored("metric_values")] == ["901", "901", "901", "902", "902"]
    assert stored("metric_values_whole_authority") == [
        ("901", "a", "month", "2024-01-01"),
        ("901", "a", "month", "2024-02-01"),
        ("902", "a", "quarter", "2024-01-01"),
        ("901", "b", "month", "2024-01-01"),
        ("902", "b", "month", "2024-02-01"),
    ]
