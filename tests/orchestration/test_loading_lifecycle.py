"""A snapshot's life: loaded once, archived byte for byte, never changed, reloads do nothing."""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import date

import pytest
from snapshot_fixtures import (
    BASE,
    DAY,
    EARLIER_DAY,
    LA,
    query,
    warehouse_contents,
    write_snapshot,
)

from orchestration.landing_load import load_landing_area
from orchestration.warehouse_lock import held_by_child, warehouse_lock


def load(paths):
    return load_landing_area(paths, log=lambda message: None)


def test_a_good_snapshot_loads_whole_with_its_ledger(paths):
    folder = write_snapshot(paths.landing_dir)
    report = load(paths)

    [attempt] = report.attempts
    assert (attempt.label, attempt.status, attempt.message) == (f"{LA}/{DAY}", "loaded", None)
    assert query(
        paths.warehouse_path,
        "SELECT la_code, snapshot_date, status, message, files, rows_read, rows_loaded, "
        "rows_quarantined FROM audit.snapshot_loads",
    ) == [(LA, date(2024, 3, 31), "loaded", None, 12, 20, 20, 0)]
    ledger = query(
        paths.warehouse_path,
        "SELECT file_name, source_file, sha256, size_bytes, rows_read, rows_loaded, "
        "rows_quarantined, status FROM audit.load_ledger ORDER BY file_name",
    )
    expected = []
    for table, text in sorted(BASE.items()):
        data = (folder / f"{table}.csv").read_bytes()
        rows = text.count("\n") - 1
        expected.append(
            (
                f"{table}.csv",
                f"{LA}/{DAY}/{table}.csv",
                hashlib.sha256(data).hexdigest(),
                len(data),
                rows,
                rows,
                0,
                "loaded",
            )
        )
    assert ledger == expected


def test_the_archive_holds_the_files_byte_for_byte(paths):
    with_bom = {"ssd_person": BASE["ssd_person"].encode("utf-8-sig")}
    folder = write_snapshot(paths.landing_dir, with_bom)
    (folder / "notes.txt").write_text("not an extract table")
    load(paths)
    archived = paths.archive_dir / LA / DAY
    assert sorted(p.name for p in archived.iterdir()) == sorted(f"{t}.csv" for t in BASE)
    for path in archived.iterdir():
        assert path.read_bytes() == (folder / path.name).read_bytes()
    # The landing area is never touched.
    assert (folder / "notes.txt").read_text() == "not an extract table"
    assert (folder / "_SUCCESS").exists()
    assert [p.name for p in (paths.archive_dir / LA).iterdir()] == [DAY]  # nothing left aside


def test_raw_rows_are_typed_and_traceable(paths):
    write_snapshot(paths.landing_dir)
    load(paths)
    assert query(
        paths.warehouse_path,
        "SELECT la_code, snapshot_date, source_file, source_row, cine_referral_id, "
        "cine_referral_date, cine_referral_nfa, cine_close_date, cine_close_reason, "
        "cine_referral_team, cine_referral_source_code, extra_columns "
        "FROM raw.ssd_cin_episodes ORDER BY source_row",
    ) == [
        (LA, date(2024, 3, 31), f"{LA}/{DAY}/ssd_cin_episodes.csv", 2, "R1", date(2024, 1, 5),
         False, None, None, "Team A", None, None),
        (LA, date(2024, 3, 31), f"{LA}/{DAY}/ssd_cin_episodes.csv", 3, "R2", date(2024, 1, 10),
         False, date(2024, 3, 1), "RC1", "Team B", None, None),
        (LA, date(2024, 3, 31), f"{LA}/{DAY}/ssd_cin_episodes.csv", 4, "R3", date(2024, 2, 1),
         True, None, None, "Team A", None, None),
    ]
    assert query(
        paths.warehouse_path,
        "SELECT dpay_review_interval_months, dpay_end_date FROM raw.ext_direct_payments",
    ) == [(12, date(2025, 6, 1))]


def test_free_text_columns_of_case_notes_never_enter_the_warehouse(paths):
    write_snapshot(paths.landing_dir)
    load(paths)
    assert query(paths.warehouse_path, "SELECT extra_columns FROM raw.ext_case_notes") == [(None,)]
    assert "Amy's mother" not in str(warehouse_contents(paths))


def test_extra_columns_of_other_tables_are_kept(paths):
    write_snapshot(
        paths.landing_dir,
        {
            "ssd_disability": "disa_table_id,disa_person_id,disa_disability_code,Source\n"
            "D1,P1,NONE,mosaic\nD2,P2,LD,\n"
        },
    )
    load(paths)
    assert query(
        paths.warehouse_path,
        "SELECT disa_table_id, extra_columns FROM raw.ssd_disability ORDER BY 1",
    ) == [("D1", {"source": "mosaic"}), ("D2", {"source": None})]


def test_columns_in_any_order_and_case_and_optional_columns_left_out(paths):
    disability = "DISA_DISABILITY_CODE,Disa_Person_Id,disa_table_id\nNONE,P1,D1\nld,P2,D2\n"
    write_snapshot(paths.landing_dir, {"ssd_disability": disability})
    load(paths)
    assert query(
        paths.warehouse_path,
        "SELECT disa_table_id, disa_person_id, disa_disability_code FROM raw.ssd_disability "
        "ORDER BY 1",
    ) == [("D1", "P1", "NONE"), ("D2", "P2", "LD")]
    # ssd_person's file leaves out pers_gender and others: they read as NULL.
    assert query(
        paths.warehouse_path, "SELECT count(*) FROM raw.ssd_person WHERE pers_gender IS NULL"
    ) == [(3,)]


def test_loading_again_does_nothing(paths):
    write_snapshot(paths.landing_dir)
    load(paths)
    before = warehouse_contents(paths)
    attempts = "SELECT load_id, finished_at FROM audit.snapshot_loads"
    before_ids = query(paths.warehouse_path, attempts)

    again = load(paths)

    assert again.attempts == ()
    assert [d.action.value for d in again.decisions] == ["already loaded"]
    assert warehouse_contents(paths) == before
    assert query(paths.warehouse_path, attempts) == before_ids


def test_a_changed_file_under_a_loaded_snapshot_is_refused(loaded_paths):
    folder = loaded_paths.landing_dir / LA / EARLIER_DAY
    original = (folder / "ssd_person.csv").read_bytes()
    before = warehouse_contents(loaded_paths)
    (folder / "ssd_person.csv").write_text(BASE["ssd_person"].replace("Amy", "Amelia"))
    new_sha = hashlib.sha256((folder / "ssd_person.csv").read_bytes()).hexdigest()
    old_sha = hashlib.sha256(original).hexdigest()

    report = load(loaded_paths)

    [refusal] = report.attempts
    assert refusal.status == "rejected"
    assert refusal.message.startswith(f"Snapshot {LA}/{EARLIER_DAY} was loaded on ")
    assert refusal.message.endswith(
        " and a loaded snapshot never changes, but since then ssd_person.csv has changed "
        f"(SHA-256 was {old_sha[:12]}…, now {new_sha[:12]}…). The snapshot as first loaded "
        "stays in the warehouse; deliver corrections as a new snapshot with a later extract "
        "date, or put the original files back."
    )
    after = warehouse_contents(loaded_paths)
    for table in before:
        if table not in ("audit.snapshot_loads", "audit.load_ledger"):
            assert after[table] == before[table]
    # The refusal is recorded once, not on every run.
    assert load(loaded_paths).attempts == ()
    # Putting the original back is accepted without a new load.
    (folder / "ssd_person.csv").write_bytes(original)
    restored = load(loaded_paths)
    assert restored.attempts == ()
    assert [d.action.value for d in restored.decisions] == ["already loaded"]


def test_a_folder_without_success_is_left_alone(paths):
    write_snapshot(paths.landing_dir, complete=False)
    report = load(paths)
    assert report.decisions == () and report.attempts == ()
    assert query(paths.warehouse_path, "SELECT count(*) FROM audit.snapshot_loads") == [(0,)]
    assert not paths.archive_dir.exists()
    (paths.landing_dir / LA / DAY / "_SUCCESS").write_bytes(b"")
    assert [a.status for a in load(paths).attempts] == ["loaded"]


def test_snapshots_load_in_date_order_for_every_authority(paths):
    for la, day in [("902", "2024-03-31"), (LA, DAY), (LA, "2024-01-31"), ("902", "2023-12-31")]:
        write_snapshot(paths.landing_dir, la=la, day=day)
    write_snapshot(paths.landing_dir, la="9x1", day=DAY)  # not an authority code
    report = load_landing_area(paths, log=lambda message: None)
    assert [a.label for a in report.attempts] == [
        "901/2024-01-31", "901/2024-03-31", "902/2023-12-31", "902/2024-03-31"
    ]
    assert [(n.folder, n.kind, n.message) for n in report.notices] == [
        (
            "9x1/2024-03-31",
            "misnamed",
            "9x1/2024-03-31: ignored, a snapshot folder must be named <authority code: three "
            "digits 0-9>/<extract date: YYYY-MM-DD>",
        )
    ]
    # raw.* keeps every loaded snapshot.
    assert query(
        paths.warehouse_path,
        "SELECT la_code, snapshot_date, count(*) FROM raw.ssd_person GROUP BY ALL ORDER BY ALL",
    ) == [
        ("901", date(2024, 1, 31), 3),
        ("901", date(2024, 3, 31), 3),
        ("902", date(2023, 12, 31), 3),
        ("902", date(2024, 3, 31), 3),
    ]


def test_unknown_files_are_ignored_and_reported(paths):
    folder = write_snapshot(paths.landing_dir)
    (folder / "ssd_person_backup.csv").write_text("anything")
    messages = []
    report = load_landing_area(paths, log=messages.append)
    assert [a.status for a in report.attempts] == ["loaded"]
    assert (
        f"Snapshot {LA}/{DAY}: ignoring files that are not extract tables: ssd_person_backup.csv"
        in messages
    )


def test_a_missing_landing_folder_is_a_clear_error(paths):
    paths.landing_dir.rmdir()
    expected = "The landing folder .* does not exist: set CSC_LANDING_DIR"
    with pytest.raises(FileNotFoundError, match=expected):
        load(paths)


def waits_while_held(paths, hold) -> list[str]:
    """What a writer taking the warehouse lock says while `hold` (a lock's context manager)
    is held for 0.6 s in another thread; asserts it did wait."""
    messages = []
    holding = threading.Event()

    def holder():
        with hold:
            holding.set()
            time.sleep(0.6)

    thread = threading.Thread(target=holder)
    thread.start()
    holding.wait()
    started = time.monotonic()
    with warehouse_lock(paths.lock_path, log=messages.append):
        waited = time.monotonic() - started
    thread.join()
    assert waited >= 0.3
    return messages


def test_a_second_writer_waits_for_the_first(paths):
    messages = waits_while_held(paths, warehouse_lock(paths.lock_path, log=lambda m: None))
    assert messages[0].startswith("Waiting for the warehouse: another writer (pid ")
    assert messages[1].startswith("Warehouse free after ")


def test_a_writer_waits_for_a_child_an_earlier_writer_left_writing(paths):
    """The dbt build of a refresh that died may still be writing: its child lock holds off the
    next writer until it ends."""
    messages = waits_while_held(paths, held_by_child(paths.lock_path))
    assert messages[0].startswith(
        "Waiting for the warehouse: a process an earlier writer started (pid "
    )
    assert messages[0].endswith(") is still writing; this step starts when it ends.")
    assert messages[1].startswith("Warehouse free after ")
