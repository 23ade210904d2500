"""Annex A deliveries as a whole: a workbook that cannot be loaded is rejected with words that
say why and the authority keeps its earlier figures; a folder holds one kind of delivery; the
ledger accounts for every row of every sheet; workers are pseudonymous past the raw layer.
"""

from __future__ import annotations

import io
import shutil
import stat
import zipfile
from datetime import date

import pytest
import xlwt
from msoffcrypto.format.ooxml import OOXMLFile
from annex_a_workbooks import DAY, LA, required_lists, sheet, write_annex_a, write_workbook
from snapshot_fixtures import (
    EARLIER_DAY,
    make_paths,
    query,
    warehouse_contents,
    write_snapshot,
)

from orchestration.landing_load import load_landing_area
from orchestration.serving_publication import publish
from orchestration.worker_pseudonyms import key_path

EARLIER = "2024-05-31"


def load(paths):
    return load_landing_area(paths, log=lambda message: None)


def referrals(*rows, name: str = "List 3") -> object:
    return sheet(
        name,
        ["Child Unique ID", "Date of Referral", "Allocated Team", "Allocated Worker"],
        list(rows),
    )


@pytest.fixture(scope="module")
def _warehouse_with_earlier_workbook(tmp_path_factory):
    root = tmp_path_factory.mktemp("earlier_workbook")
    made = make_paths(root)
    write_annex_a(
        made.landing_dir,
        required_lists(list_3=referrals(["C1", date(2024, 5, 1), "Team A", "Jane Smith"])),
        day=EARLIER,
    )
    load(made)
    return root


@pytest.fixture
def earlier_paths(tmp_path, _warehouse_with_earlier_workbook):
    """A warehouse holding authority 901's good workbook of 2024-05-31."""
    root = tmp_path / "state"
    shutil.copytree(_warehouse_with_earlier_workbook, root)
    return make_paths(root)


def good_workbook_bytes(tmp_path) -> bytes:
    path = write_workbook(tmp_path / "good.xlsx", required_lists())
    return path.read_bytes()


def reject(paths, delivered: bytes) -> str:
    """Deliver these bytes as the workbook of 2024-06-30; assert the snapshot is rejected and
    nothing else changes; return the rejection's words."""
    before = warehouse_contents(paths)
    folder = paths.landing_dir / LA / DAY
    folder.mkdir(parents=True)
    (folder / "annex_a.xlsx").write_bytes(delivered)
    (folder / "_SUCCESS").write_bytes(b"")

    report = load(paths)

    [attempt] = report.attempts
    assert attempt.status == "rejected"
    after = warehouse_contents(paths)
    for table, contents in before.items():
        if table not in ("audit.snapshot_loads", "audit.load_ledger"):
            assert after[table] == contents, f"{table} changed"
    assert not (paths.archive_dir / LA / DAY).exists()
    assert query(
        paths.warehouse_path,
        "SELECT DISTINCT status, rows_loaded FROM audit.load_ledger WHERE snapshot_date = ?",
        [DAY],
    ) == [("rejected", 0)]
    [(kind, message)] = query(
        paths.warehouse_path,
        "SELECT kind, message FROM audit.snapshot_loads WHERE snapshot_date = ?",
        [DAY],
    )
    assert kind == "annex_a"
    return message


def test_an_empty_file_is_rejected(earlier_paths):
    assert reject(earlier_paths, b"") == "annex_a.xlsx is empty (0 bytes): deliver the workbook again"


def test_a_file_that_is_not_a_zip_is_rejected(earlier_paths):
    assert reject(earlier_paths, b"Child Unique ID,Date of Referral\nC1,01/05/2024\n") == (
        "annex_a.xlsx is not an Excel workbook (.xlsx): an .xlsx file is a zip archive and this "
        "file is not one (a CSV or other file renamed?)"
    )


def test_a_workbook_cut_short_is_rejected(earlier_paths, tmp_path):
    cut = good_workbook_bytes(tmp_path)[:1500]
    assert reject(earlier_paths, cut) == (
        "annex_a.xlsx is damaged or cut short: it begins as an .xlsx file does but cannot be "
        "opened as one (was it still being copied?); deliver the workbook again"
    )


def test_a_zip_that_is_no_workbook_is_rejected(earlier_paths):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    message = reject(earlier_paths, buffer.getvalue())
    assert message.startswith(
        "annex_a.xlsx could not be read as an Excel workbook (.xlsx): it is damaged, or not a "
        "workbook; the reader said: "
    )


def test_a_password_protected_workbook_is_rejected(earlier_paths, tmp_path):
    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(good_workbook_bytes(tmp_path))
    encrypted = io.BytesIO()
    with plain.open("rb") as handle:
        OOXMLFile(handle).encrypt("secret", encrypted)
    assert reject(earlier_paths, encrypted.getvalue()) == (
        "annex_a.xlsx is password-protected (encrypted), so it cannot be read: save a copy "
        "without the password and deliver that"
    )


def test_an_xls_workbook_renamed_xlsx_is_rejected(earlier_paths):
    workbook = xlwt.Workbook()
    for n in (3, 4, 5):
        workbook.add_sheet(f"List {n}").write(0, 0, "Child Unique ID")
    old = io.BytesIO()
    workbook.save(old)
    assert reject(earlier_paths, old.getvalue()) == (
        "annex_a.xlsx is an Excel 97-2003 workbook (.xls) named .xlsx: open it in Excel and save "
        "it as an Excel Workbook (.xlsx)"
    )


@pytest.mark.parametrize(
    ("lists", "missing"),
    [
        ((3, 5), "List 4 (assessments)"),
        ((4,), "List 3 (referrals) or List 5 (section 47 enquiries and ICPCs)"),
    ],
)
def test_a_workbook_without_list_3_4_or_5_is_rejected(earlier_paths, tmp_path, lists, missing):
    kept = [s for s in required_lists() if int(s.name[-1]) in lists]
    path = write_workbook(tmp_path / "lists.xlsx", [sheet("Cover", ["Annex A"]), *kept])
    names = " and ".join(["'Cover'", *(f"'List {n}'" for n in lists)])
    names = names.replace(" and ", ", ", names.count(" and ") - 1)
    assert reject(earlier_paths, path.read_bytes()) == (
        f"annex_a.xlsx has no {missing}: a workbook must hold List 3, List 4 and List 5, each on "
        f'a sheet named for it ("List 3", "L3", "List 3 - Referrals" ...); its sheets are {names}'
    )


def test_sheets_that_cannot_be_read_are_each_named(earlier_paths, tmp_path):
    lists = required_lists(
        list_3=sheet("List 3", ["Title only"], []),
        list_4=sheet("L4", ["Child ID", "Gender", "Sex"], [["C1", "M", "M"]]),
        list_5=sheet("List 5", ["Child ID", "Date of Initial Child Protection Conference"]),
        list_9=sheet("List 4 (2)", ["Child ID", "Assessment Start Date"]),
    )
    path = write_workbook(tmp_path / "faults.xlsx", lists)
    assert reject(earlier_paths, path.read_bytes()) == (
        "sheets 'L4' and 'List 4 (2)' both hold List 4: keep one; "
        "sheet 'List 3' (List 3) has no header row: no row holds a child_id heading (Child "
        "Unique ID, Child ID, Unique Child Identifier or ChildUniqueID); "
        "sheet 'List 5' (List 5): the required column s47_start_date has no heading (expected "
        "Strategy discussion initiating Section 47 Enquiry Start Date or S47 Start Date)"
    )
    assert query(
        earlier_paths.warehouse_path,
        "SELECT table_name, message IS NOT NULL FROM audit.load_ledger WHERE snapshot_date = ? "
        "ORDER BY table_name",
        [DAY],
    ) == [("annex_a_list_3", True), ("annex_a_list_4", True), ("annex_a_list_5", True)]


def test_the_ledger_accounts_for_every_row_of_every_sheet(paths):
    write_annex_a(
        paths.landing_dir,
        required_lists(
            list_3=referrals(
                ["C1", date(2024, 5, 1), "Team A", "Jane Smith"],
                ["C2", "not a date", "Team A", "Jane Smith"],
                [],
                ["C3", date(2024, 5, 2), "Team B", None],
                ["C3", date(2024, 5, 2), "Team B", None],
            ),
            list_4=sheet(
                "List 4",
                ["Child ID", "Assessment Start Date", "Assessment Authorisation Date"],
                [["C1", date(2024, 5, 2), "x"], ["C2", date(2024, 5, 3), None]],
            ),
        ),
    )

    load(paths)

    ledger = query(
        paths.warehouse_path,
        "SELECT table_name, sheet_name, file_name, rows_read, rows_loaded, rows_quarantined, "
        "sha256 FROM audit.load_ledger ORDER BY table_name",
    )
    assert [row[:6] for row in ledger] == [
        ("annex_a_list_3", "List 3", "annex_a.xlsx", 4, 1, 3),
        ("annex_a_list_4", "List 4", "annex_a.xlsx", 2, 2, 0),
        ("annex_a_list_5", "List 5", "annex_a.xlsx", 0, 0, 0),
    ]
    for table, sheet_name, _, read, loaded, quarantined, _ in ledger:
        assert loaded == query(
            paths.warehouse_path, f"SELECT count(*) FROM raw.{table}"
        )[0][0]
        assert quarantined == query(
            paths.warehouse_path,
            "SELECT count(DISTINCT source_row) FROM audit.quarantine WHERE table_name = ? "
            "AND source_sheet = ?",
            [table, sheet_name],
        )[0][0]
    assert len({row[6] for row in ledger}) == 1  # the workbook's SHA-256
    assert query(
        paths.warehouse_path,
        "SELECT files, rows_read, rows_loaded, rows_quarantined FROM audit.snapshot_loads",
    ) == [(1, 6, 3, 3)]
    archived = paths.archive_dir / LA / DAY / "annex_a.xlsx"
    assert archived.read_bytes() == (paths.landing_dir / LA / DAY / "annex_a.xlsx").read_bytes()


def test_the_columns_a_list_sheet_leaves_out_are_recorded_as_absent(paths):
    # List 4 has every heading of the template but the authorisation date's (Age is no column
    # of the format: it is ignored, never absent).
    write_annex_a(
        paths.landing_dir,
        required_lists(
            list_4=sheet(
                "List 4",
                ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age",
                 "Does the Child have a Disability", "Allocated Team", "Allocated Worker",
                 "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
                 "Was the child assessed as requiring LA children's social care support"],
                [["C1", "m", "WBRI", date(2015, 1, 1), 9, "No", "Team A", "Jane Smith",
                  date(2024, 5, 2), "Yes", "Yes"]],
            ),
        ),
    )

    load(paths)

    assert query(
        paths.warehouse_path,
        "SELECT la_code, snapshot_date, column_name FROM audit.absent_columns "
        "WHERE table_name = 'annex_a_list_4'",
    ) == [(LA, date(2024, 6, 30), "assessment_authorised_date")]
    # List 5 with only a child id and its own date: every other column, in the format's order.
    assert [c for (c,) in query(
        paths.warehouse_path,
        "SELECT column_name FROM audit.absent_columns WHERE table_name = 'annex_a_list_5' "
        "ORDER BY rowid",
    )] == ["sex", "ethnicity", "date_of_birth", "disability", "team", "worker",
           "icpc_deemed_unnecessary", "icpc_date", "icpc_led_to_cp_plan",
           "s47_enquiries_last_12_months", "icpcs_last_12_months"]


def test_workers_get_the_same_pseudonym_in_every_workbook_and_never_reach_serving(paths):
    for day, names in (("2024-05-31", ["Jane Smith", "Bob Jones"]), (DAY, [" jane  SMITH ", None])):
        write_annex_a(
            paths.landing_dir,
            required_lists(
                list_3=referrals(
                    *(["C1", date(2024, 5, 1 + i), "Team A", name] for i, name in enumerate(names)),
                    ["C9", "not a date", "Team A", "Jane Smith"],  # quarantined with its worker
                )
            ),
            day=day,
        )
    write_annex_a(
        paths.landing_dir,
        required_lists(list_3=referrals(["C1", date(2024, 5, 1), "Team A", "Jane Smith"])),
        la="902",
    )

    load(paths)

    ids = query(
        paths.warehouse_path,
        "SELECT la_code, snapshot_date, worker, worker_id FROM raw.annex_a_list_3 "
        "ORDER BY la_code, snapshot_date, source_row",
    )
    jane_901 = ids[0][3]
    assert [(la, str(day), worker, worker_id == jane_901) for la, day, worker, worker_id in ids] == [
        ("901", "2024-05-31", "Jane Smith", True),
        ("901", "2024-05-31", "Bob Jones", False),
        ("901", "2024-06-30", "jane  SMITH", True),
        ("901", "2024-06-30", None, False),
        ("902", "2024-06-30", "Jane Smith", False),
    ]
    assert ids[3][3] is None
    assert all(worker_id.startswith("W-") and len(worker_id) == 14 for *_, worker_id in ids if worker_id)
    assert stat.S_IMODE(key_path(paths.warehouse_path).stat().st_mode) == 0o600

    publish(paths, log=lambda message: None)
    published = query(
        paths.serving_path,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'",
    )
    for (table,) in published:
        text = str(query(paths.serving_path, f"SELECT * FROM {table}"))
        assert "Smith" not in text and "SMITH" not in text and "Jones" not in text, table
    # A child list can name a child (a date of birth): its quarantined rows show no value.
    assert query(
        paths.serving_path,
        "SELECT table_name, source_sheet, source_row, heading, value, record, rule FROM quarantine",
    ) == [
        ("annex_a_list_3", "List 3", 4, "Date of Referral", "(withheld)", None,
         "not a date (expected a date cell, or text as DD/MM/YYYY, D/M/YY or YYYY-MM-DD, or an "
         "Excel serial number)"),
    ] * 2


def test_a_folder_with_two_kinds_of_delivery_is_rejected_whole(paths):
    folder = write_snapshot(paths.landing_dir)
    write_annex_a(paths.landing_dir, required_lists(), day=folder.name)

    [attempt] = load(paths).attempts

    assert attempt.status == "rejected"
    assert attempt.message == (
        "the folder holds files of more than one kind of delivery, an SSD extract "
        "(ext_case_notes.csv, ext_direct_payments.csv, ssd_assessment_factors.csv, "
        "ssd_cin_assessments.csv, ssd_cin_episodes.csv, ssd_cin_visits.csv, ssd_cp_plans.csv, "
        "ssd_cp_visits.csv, ssd_disability.csv, ssd_initial_cp_conference.csv, ssd_person.csv, "
        "ssd_s47_enquiry.csv) and an Annex A workbook (annex_a.xlsx): a snapshot folder holds "
        "one kind, so deliver each in a folder of its own (its own extract date)"
    )
    assert query(paths.warehouse_path, "SELECT count(*) FROM raw.ssd_person") == [(0,)]
    assert query(paths.warehouse_path, "SELECT kind FROM audit.snapshot_loads") == [(None,)]


def test_a_folder_with_no_kind_of_delivery_is_rejected_naming_what_it_holds(paths):
    folder = paths.landing_dir / LA / DAY
    folder.mkdir(parents=True)
    write_workbook(folder / "Annex A June.xlsx", required_lists())
    (folder / "readme.txt").write_text("the June lists")
    (folder / "_SUCCESS").write_bytes(b"")

    [attempt] = load(paths).attempts

    assert (attempt.status, attempt.message) == (
        "rejected",
        "the folder holds no delivery (SSD extract tables named <table>.csv, an Annex A "
        "workbook named annex_a.xlsx or a CIN census return named cin_census.xml): it holds "
        "Annex A June.xlsx and readme.txt (an Annex A workbook must be saved as .xlsx and "
        "named annex_a.xlsx)",
    )


def test_a_cin_census_return_is_read_as_one(paths):
    folder = paths.landing_dir / LA / DAY
    folder.mkdir(parents=True)
    (folder / "cin_census.xml").write_text("<Message/>")
    (folder / "_SUCCESS").write_bytes(b"")

    [attempt] = load(paths).attempts

    assert (attempt.status, attempt.message) == (
        "rejected",
        "cin_census.xml is not a CIN census return: it has no Header (Header/CollectionDetails "
        "and Header/Source name the year and the authority)",
    )


def test_each_snapshot_records_its_kind(paths):
    write_snapshot(paths.landing_dir, day=EARLIER_DAY)
    folder = write_annex_a(paths.landing_dir, required_lists())
    (folder / "notes.txt").write_text("sent by the performance team")

    load(paths)

    assert query(
        paths.warehouse_path,
        "SELECT snapshot_date, status, kind, notes FROM audit.snapshot_loads ORDER BY 1",
    ) == [
        (date(2024, 2, 29), "loaded", "ssd", None),
        (date(2024, 6, 30), "loaded", "annex_a",
         "files that are not part of the delivery, ignored: notes.txt"),
    ]


def test_a_workbook_that_is_a_symbolic_link_is_rejected(paths, tmp_path):
    elsewhere = write_workbook(tmp_path / "elsewhere.xlsx", required_lists())
    folder = paths.landing_dir / LA / DAY
    folder.mkdir(parents=True)
    (folder / "annex_a.xlsx").symlink_to(elsewhere)
    (folder / "_SUCCESS").write_bytes(b"")

    [attempt] = load(paths).attempts

    assert (attempt.status, attempt.message) == (
        "rejected",
        f"annex_a.xlsx is a symbolic link (to {elsewhere}): links in the landing folder are not "
        "followed; put the file itself in the snapshot folder",
    )
    assert not (paths.archive_dir / LA / DAY).exists()
