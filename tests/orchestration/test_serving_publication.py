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
        "authorities",
        "load_ledger",
        "metric_values",
        "quarantine",
        "refresh_info",
        "snapshot_loads",
        "worklist_demo",
    ]
    assert publication.row_counts == {
        "metric_values": 1,
        "worklist_demo": 1,
        "snapshot_loads": 1,
        "load_ledger": 12,
        "quarantine": 0,
        "authorities": 1,
        "refresh_info": 1,
    }
    metric = query(paths.serving_path, "SELECT metric_id, value FROM metric_values")
    assert metric == [("referrals", 3)]
    assert query(paths.serving_path, "SELECT la_code, snapshot_date FROM authorities") == [
        (LA, date(2024, 3, 31))
    ]
    assert query(paths.serving_path, "SELECT published_at, run_id FROM refresh_info") == [
        (publication.published_at, "run-7")
    ]
    assert published_at(paths.serving_path) == publication.published_at
    # Nothing is left beside it.
    assert sorted(p.name for p in paths.serving_path.parent.iterdir() if "serving" in p.name) == [
        "serving.duckdb"
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


def test_the_published_quarantine_withholds_direct_identifiers(paths):
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
    # ... the serving database does not.
    [(record_id, column, value, record)] = query(
        paths.serving_path,
        "SELECT record_id, column_name, value, record FROM quarantine "
        "WHERE table_name = 'ssd_person'",
    )
    assert (record_id, column, value) == ("P3", "pers_dob", "(withheld)")
    published = json.loads(record)
    assert {k: published[k] for k in ("pers_person_id", "pers_upn", "pers_forename",
                                       "pers_surname", "pers_dob", "pers_sex")} == {
        "pers_person_id": "P3",
        "pers_upn": "(withheld)",
        "pers_forename": "(withheld)",
        "pers_surname": "(withheld)",
        "pers_dob": "(withheld)",
        "pers_sex": "U",
    }
    assert published["pers_legacy_id"] is None  # not delivered: nothing to withhold
    assert "postcode" not in published
    serving_text = str(query(paths.serving_path, "SELECT * FROM quarantine"))
    assert "Cal" not in serving_text and "EF3" not in serving_text


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
