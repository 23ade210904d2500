"""Snapshots loaded together in one batch: every rule keeps to its own file and snapshot, rows
are numbered within their own file, and a faulty snapshot is rejected alone."""

from __future__ import annotations

from datetime import date

from snapshot_fixtures import BASE, LA, changed, query, quarantine, write_snapshot

from orchestration.landing_load import load_landing_area

CHILD_RULE = "child is not in ssd_person, or its row there was quarantined"
DUPLICATE_RULE = "identifier appears more than once in the file; every copy is quarantined"


def load(paths):
    return load_landing_area(paths, log=lambda message: None)


def test_rows_are_numbered_within_their_own_file(paths):
    # 902's visits have an empty line and a quoted line break before their last rows; 901's
    # come first in the batch and have neither.
    visits = (
        "cinv_cin_visit_id,cinv_person_id,cinv_cin_visit_date,cinv_cin_visit_seen,note\n"
        "V1,P1,2024-01-10,Y,\n"
        "\n"
        'V2,P2,2024-01-12,N,"two\nlines"\n'
        "V3,P3,2024-01-13,Y,\n"
    )
    write_snapshot(paths.landing_dir)
    write_snapshot(paths.landing_dir, {"ssd_cin_visits": visits}, la="902")
    report = load(paths)

    assert [(a.label, a.status) for a in report.attempts] == [
        (f"{LA}/2024-03-31", "loaded"), ("902/2024-03-31", "loaded")]
    assert query(
        paths.warehouse_path,
        "SELECT la_code, source_file, source_row, cinv_cin_visit_id FROM raw.ssd_cin_visits "
        "ORDER BY ALL",
    ) == [
        (LA, f"{LA}/2024-03-31/ssd_cin_visits.csv", 2, "V1"),
        (LA, f"{LA}/2024-03-31/ssd_cin_visits.csv", 3, "V2"),
        ("902", "902/2024-03-31/ssd_cin_visits.csv", 2, "V1"),
        ("902", "902/2024-03-31/ssd_cin_visits.csv", 4, "V2"),
        ("902", "902/2024-03-31/ssd_cin_visits.csv", 5, "V3"),  # V2 is one row of two lines
    ]


def test_identifiers_and_references_are_checked_within_each_snapshot(paths):
    # Both files hold V1 and V2: unique within each file, so no duplicate. 902 has no child
    # P2, so its visit V2 and its disability D2 (for P2) break the child rule there, and only
    # there.
    write_snapshot(paths.landing_dir)
    people = BASE["ssd_person"].replace("P2,L2,B123456789012,Ben,Baker,M,BAFR,2010-02-03,\n", "")
    write_snapshot(
        paths.landing_dir,
        {
            "ssd_person": people,
            **changed("ssd_cin_episodes", "R2,P2,2024-01-10,N2,N,RC1,2024-03-01,Team B\n", ""),
            **changed("ssd_cin_assessments", "A2,P2,R2,2024-01-11,N,,Team B\n", ""),
            **changed("ssd_assessment_factors", 'F2,A2,"[]"\n', ""),
            "ext_direct_payments": None,
        },
        la="902",
    )
    load(paths)
    assert quarantine(paths) == [
        ("ssd_cin_visits", 3, "V2", "cinv_person_id", "P2", CHILD_RULE),
        ("ssd_disability", 3, "D2", "disa_person_id", "P2", CHILD_RULE),
    ]
    assert query(
        paths.warehouse_path,
        "SELECT la_code, count(*) FROM raw.ssd_cin_visits GROUP BY ALL ORDER BY ALL",
    ) == [(LA, 2), ("902", 1)]
    assert query(
        paths.warehouse_path,
        "SELECT DISTINCT la_code FROM audit.quarantine",
    ) == [("902",)]


def test_a_duplicate_within_one_file_is_quarantined_in_that_file_only(paths):
    write_snapshot(paths.landing_dir)
    write_snapshot(
        paths.landing_dir, changed("ssd_cin_visits", "V2,P2,2024-01-12,N", "V1,P2,2024-01-12,N"),
        la="902",
    )
    load(paths)
    assert [(la, row, rule) for la, row, rule in query(
        paths.warehouse_path,
        "SELECT la_code, source_row, rule FROM audit.quarantine ORDER BY ALL",
    )] == [("902", 2, DUPLICATE_RULE), ("902", 3, DUPLICATE_RULE)]


def test_a_snapshot_with_a_faulty_file_is_rejected_and_the_rest_of_the_batch_loads(paths):
    write_snapshot(paths.landing_dir, day="2024-01-31")
    write_snapshot(paths.landing_dir, {"ssd_cin_visits": "cinv_cin_visit_id\nV1,P1\n"}, la="902")
    write_snapshot(paths.landing_dir, la="903")
    report = load(paths)
    assert [(a.label, a.status) for a in report.attempts] == [
        (f"{LA}/2024-01-31", "loaded"), ("902/2024-03-31", "rejected"),
        ("903/2024-03-31", "loaded")]
    assert query(
        paths.warehouse_path,
        "SELECT la_code, snapshot_date, count(*) FROM raw.ssd_person GROUP BY ALL ORDER BY ALL",
    ) == [(LA, date(2024, 1, 31), 3), ("903", date(2024, 3, 31), 3)]
    assert query(
        paths.warehouse_path,
        "SELECT la_code, table_name, rows_read, status FROM audit.load_ledger "
        "WHERE la_code = '902' AND table_name IN ('ssd_person', 'ssd_cin_visits') ORDER BY ALL",
    ) == [("902", "ssd_cin_visits", None, "rejected"), ("902", "ssd_person", 3, "rejected")]
    assert not (paths.archive_dir / "902").exists() or not any(
        (paths.archive_dir / "902").iterdir())
