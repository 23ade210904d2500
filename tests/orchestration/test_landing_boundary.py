"""The landing folder is a boundary: links, spoofed authority codes, NUL bytes anywhere, folders
that never complete and files split by the wrong delimiter, each with its exact outcome."""

from __future__ import annotations

import hashlib
import logging
import os
from datetime import UTC, date, datetime, timedelta

import dagster as dg
from snapshot_fixtures import BASE, DAY, LA, make_paths, query, reject, write_snapshot
from code_location_fixtures import materialized, warehouse_resource
from test_dagster_refresh import refresh

from orchestration.code_location import build_definitions
from orchestration.landing_load import load_landing_area
from orchestration.refresh_need import refresh_need
from orchestration.serving_publication import publish
from orchestration.settings import WarehousePaths

# 2024-03-31 08:00 UTC: long before today, so past any grace period.
LONG_AGO = datetime(2024, 3, 31, 8, 0, tzinfo=UTC).timestamp()


def load(paths):
    return load_landing_area(paths, log=lambda message: None)


def notices(report) -> list[tuple]:
    return [(n.folder, n.la_code, n.kind, n.message) for n in report.notices]


def link_notice(folder: str, target) -> str:
    return (
        f"{folder} is a symbolic link (to {target}): links in the landing folder are not "
        "followed, so nothing in it is loaded; copy the folder itself into the landing folder"
    )


def waiting_notice(folder: str, hours: str) -> str:
    return (
        f"{folder} has no _SUCCESS file and has not changed since 2024-03-31 08:00 UTC, more "
        f"than {hours} ago: it is not loaded until the export writes _SUCCESS last. If the "
        "export stopped part-way, deliver the snapshot again."
    )


def age(folder, timestamp: float) -> None:
    for path in [*folder.iterdir(), folder]:
        os.utime(path, (timestamp, timestamp), follow_symlinks=False)


def test_a_linked_file_rejects_its_snapshot_naming_it_and_is_never_read(loaded_paths, tmp_path):
    outside = tmp_path / "elsewhere" / "disability.csv"
    outside.parent.mkdir()
    outside.write_text(BASE["ssd_disability"])
    folder = loaded_paths.landing_dir / LA / DAY

    def link_the_disability_file(folder) -> None:
        (folder / "ssd_disability.csv").unlink()
        (folder / "ssd_disability.csv").symlink_to(outside)

    message = reject(loaded_paths, {}, before_loading=link_the_disability_file)

    assert message == (
        f"ssd_disability.csv is a symbolic link (to {outside}): links in the landing folder are "
        "not followed; put the file itself in the snapshot folder"
    )
    link_sha = hashlib.sha256(f"symbolic link to {outside}".encode()).hexdigest()
    assert query(
        loaded_paths.warehouse_path,
        "SELECT sha256, size_bytes, rows_read, status, message FROM audit.load_ledger "
        "WHERE snapshot_date = ? AND file_name = 'ssd_disability.csv'",
        [DAY],
    ) == [(link_sha, 0, None, "rejected", message)]
    # Unchanged, it is not tried again; the file itself in its place loads.
    assert load(loaded_paths).attempts == ()
    (folder / "ssd_disability.csv").unlink()
    (folder / "ssd_disability.csv").write_text(BASE["ssd_disability"])
    assert [a.status for a in load(loaded_paths).attempts] == ["loaded"]


def test_a_linked_snapshot_or_authority_folder_is_reported_and_not_entered(paths, tmp_path):
    outside = tmp_path / "elsewhere"
    write_snapshot(outside, la="999")  # a complete snapshot, outside the landing folder
    (paths.landing_dir / LA).mkdir()
    (paths.landing_dir / LA / DAY).symlink_to(outside / "999" / DAY)
    (paths.landing_dir / "902").symlink_to(outside / "999")

    report = load(paths)

    assert report.attempts == ()
    assert notices(report) == [
        ("901/2024-03-31", LA, "link", link_notice("901/2024-03-31", outside / "999" / DAY)),
        ("902", "902", "link", link_notice("902", outside / "999")),
    ]
    assert query(paths.warehouse_path, "SELECT count(*) FROM audit.snapshot_loads") == [(0,)]
    assert not paths.archive_dir.exists()
    # Published for the data quality page.
    publish(paths, log=lambda message: None)
    assert query(
        paths.serving_path, "SELECT folder, la_code, kind, since FROM landing_notices ORDER BY 1"
    ) == [("901/2024-03-31", LA, "link", None), ("902", "902", "link", None)]


def test_an_authority_code_of_other_digits_is_no_authority(paths):
    write_snapshot(paths.landing_dir, la="٩٠١")  # Arabic-Indic 901
    write_snapshot(paths.landing_dir, la=LA, day="٢٠٢٤-03-31")
    report = load(paths)
    assert report.attempts == ()
    rule = (
        "a snapshot folder must be named <authority code: three digits 0-9>/<extract date: "
        "YYYY-MM-DD>"
    )
    assert notices(report) == [
        ("901/٢٠٢٤-03-31", None, "misnamed", f"901/٢٠٢٤-03-31: ignored, {rule}"),
        ("٩٠١/2024-03-31", None, "misnamed", f"٩٠١/2024-03-31: ignored, {rule}"),
    ]
    assert query(paths.warehouse_path, "SELECT count(*) FROM raw.ssd_person") == [(0,)]


def test_a_nul_byte_far_into_a_file_rejects_it(loaded_paths):
    header = BASE["ext_case_notes"].splitlines()[0]
    rows = [f"N{i},P1,2024-02-02,supervision,Supervision discussion {i:05d}" for i in range(3000)]
    rows[2500] = rows[2500].replace("discussion", "disc\x00ussion")
    notes = "\n".join([header, *rows]) + "\n"
    assert notes.index("\x00") > 64 * 1024
    message = reject(loaded_paths, {"ext_case_notes": notes})
    # The header is line 1, row 2500 (counted from 0) is line 2502.
    assert message == (
        "ext_case_notes.csv is not a text file (line 2502 holds a NUL byte): it must be UTF-8 CSV"
    )


def test_a_folder_waiting_for_success_past_the_grace_period_is_reported(paths):
    folder = write_snapshot(paths.landing_dir, complete=False)
    assert notices(load(paths)) == []  # just arrived: being copied
    age(folder, LONG_AGO)
    report = load(paths)
    assert report.attempts == ()
    assert notices(report) == [
        ("901/2024-03-31", LA, "waiting", waiting_notice("901/2024-03-31", "24 hours"))
    ]
    assert report.notices[0].since == datetime(2024, 3, 31, 8, 0)
    assert report.notices_changed
    assert not load(paths).notices_changed  # the same notice the next time
    # Once complete, it loads and the notice goes.
    (folder / "_SUCCESS").write_bytes(b"")
    report = load(paths)
    assert [a.status for a in report.attempts] == ["loaded"]
    assert (report.notices, report.notices_changed) == ((), True)


def test_the_grace_period_is_a_setting(tmp_path):
    paths = WarehousePaths(**{**vars(make_paths(tmp_path)), "success_grace_hours": 1})
    paths.landing_dir.mkdir()
    folder = write_snapshot(paths.landing_dir, complete=False)
    two_hours_ago = (datetime.now(UTC) - timedelta(hours=2)).timestamp()
    age(folder, two_hours_ago)
    [notice] = load(paths).notices
    assert notice.kind == "waiting" and "more than 1 hour ago" in notice.message
    within = WarehousePaths(**{**vars(paths), "success_grace_hours": 3})
    assert load(within).notices == ()


def test_a_refresh_publishes_a_new_notice_even_with_nothing_to_load(paths):
    write_snapshot(paths.landing_dir)
    refresh(paths)
    waiting = write_snapshot(paths.landing_dir, day="2024-04-30", complete=False)
    age(waiting, LONG_AGO)
    defs = build_definitions(warehouse=warehouse_resource(paths), dbt_project_dir=None)
    instance = dg.DagsterInstance.ephemeral()

    result = defs.resolve_job_def("refresh").execute_in_process(instance=instance)

    assert "serving_database" in materialized(result)
    message = waiting_notice("901/2024-04-30", "24 hours")
    assert [
        entry.user_message
        for entry in instance.all_logs(result.run_id)
        if entry.level == logging.WARNING
    ] == [message]
    assert query(paths.serving_path, "SELECT folder, kind, message FROM landing_notices") == [
        ("901/2024-04-30", "waiting", message)
    ]
    assert query(paths.serving_path, "SELECT la_code, snapshot_date FROM authorities") == [
        (LA, date(2024, 3, 31))
    ]
    # Nothing changed since: nothing is published again.
    assert materialized(refresh(paths)) == set()


def test_a_header_split_by_semicolons_or_tabs_says_so(loaded_paths):
    semicolons = BASE["ssd_disability"].replace(",", ";")
    message = reject(loaded_paths, {"ssd_disability": semicolons})
    assert message == (
        "ssd_disability.csv: required columns disa_table_id, disa_person_id, "
        "disa_disability_code are missing from the header; the header looks separated by "
        "semicolons, not commas (2 semicolons, 0 commas): save the file as comma-separated CSV"
    )


def test_a_header_split_by_tabs_says_so(loaded_paths):
    tabs = BASE["ssd_disability"].replace(",", "\t")
    message = reject(loaded_paths, {"ssd_disability": tabs})
    assert message.endswith(
        "are missing from the header; the header looks separated by tabs, not commas (2 tabs, "
        "0 commas): save the file as comma-separated CSV"
    )


def test_a_missing_column_in_a_comma_separated_header_gets_no_delimiter_hint(loaded_paths):
    renamed = BASE["ssd_disability"].replace("disa_person_id", "person_id")
    message = reject(loaded_paths, {"ssd_disability": renamed})
    assert message == (
        "ssd_disability.csv: required column disa_person_id is missing from the header"
    )


def test_a_folder_that_passes_the_grace_period_asks_for_a_refresh(paths):
    write_snapshot(paths.landing_dir)
    waiting = write_snapshot(paths.landing_dir, day="2024-04-30", complete=False)
    load(paths)
    publish(paths, log=lambda message: None)
    assert not refresh_need(paths).needed
    age(waiting, LONG_AGO)  # no file changes: only time passes
    need = refresh_need(paths)
    assert (need.needed, need.reason) == (
        True,
        "The folders of the landing area that cannot be loaded (waiting too long for _SUCCESS, "
        "links, misnamed) are not those the last load reported.",
    )
    load(paths)
    publish(paths, log=lambda message: None)
    assert not refresh_need(paths).needed
