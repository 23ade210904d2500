"""File-level faults: the whole snapshot is rejected with exact words, and nothing else changes.

Each test starts from a warehouse holding an earlier, good snapshot of the same authority,
delivers a faulty one, and checks that the raw tables, the quarantine and the archive are
exactly as before, that the landing files are untouched, and that the rejection is recorded.
"""

from __future__ import annotations

import codecs

import pytest
from snapshot_fixtures import BASE, DAY, LA, changed, query, reject, write_snapshot

from orchestration.landing_load import load_landing_area

PERSON_HEADER = BASE["ssd_person"].splitlines()[0]


def test_required_table_missing(loaded_paths):
    message = reject(loaded_paths, {"ssd_cin_visits": None})
    assert message == "ssd_cin_visits.csv is missing: it is a required table"


def test_optional_table_missing_is_fine(loaded_paths):
    write_snapshot(loaded_paths.landing_dir, {"ext_case_notes": None})
    report = load_landing_area(loaded_paths, log=lambda message: None)
    assert [a.status for a in report.attempts] == ["loaded"]


def test_required_column_missing(loaded_paths):
    person = BASE["ssd_person"].replace("pers_sex,", "sex,")
    message = reject(loaded_paths, {"ssd_person": person})
    assert message == "ssd_person.csv: required column pers_sex is missing from the header"
    # The ledger names the faulty file; the other files were fine.
    assert query(
        loaded_paths.warehouse_path,
        "SELECT file_name, message FROM audit.load_ledger WHERE snapshot_date = ? "
        "AND message IS NOT NULL",
        [DAY],
    ) == [("ssd_person.csv", message)]


def test_required_columns_missing(loaded_paths):
    person = BASE["ssd_person"].replace("pers_sex,", "sex,").replace("pers_dob,", "dob,")
    message = reject(loaded_paths, {"ssd_person": person})
    assert message == (
        "ssd_person.csv: required columns pers_sex, pers_dob are missing from the header"
    )


def test_empty_file(loaded_paths):
    message = reject(loaded_paths, {"ssd_disability": b""})
    assert message == (
        "ssd_disability.csv is empty (0 bytes): even a table with no rows needs its header row"
    )


def test_binary_file(loaded_paths):
    spreadsheet = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)) * 8
    message = reject(loaded_paths, {"ssd_disability": spreadsheet})
    assert message == (
        "ssd_disability.csv is not a text file (line 1 holds a NUL byte): it must be UTF-8 CSV"
    )


def test_utf16_file(loaded_paths):
    message = reject(loaded_paths, {"ssd_disability": BASE["ssd_disability"].encode("utf-16")})
    assert message == "ssd_disability.csv is UTF-16 text: it must be saved as UTF-8 CSV"


def test_file_in_another_encoding(loaded_paths):
    latin1 = BASE["ssd_person"].replace("Ben,", "Zoë,").encode("latin-1")
    message = reject(loaded_paths, {"ssd_person": latin1})
    assert message == (
        "ssd_person.csv is not UTF-8: row 3 holds bytes that are not valid UTF-8 "
        "(was it saved as Windows-1252 or Latin-1?)"
    )


def test_file_truncated_inside_a_quoted_field(loaded_paths):
    episodes = BASE["ssd_cin_episodes"] + 'R4,P3,2024-02-02,N1,N,,,"Team'
    message = reject(loaded_paths, {"ssd_cin_episodes": episodes})
    assert message == (
        "ssd_cin_episodes.csv is truncated: it ends inside a quoted field that starts on row 5"
    )


def test_file_whose_last_row_is_cut_short(loaded_paths):
    episodes = BASE["ssd_cin_episodes"] + "R4,P3,2024-02-02"
    message = reject(loaded_paths, {"ssd_cin_episodes": episodes})
    assert message == (
        "ssd_cin_episodes.csv is truncated: its last row (row 5) has 3 of the header's 8 fields"
    )


def test_row_with_more_fields_than_the_header(loaded_paths):
    message = reject(loaded_paths, changed("ssd_disability", "D1,P1,NONE", "D1,P1,NONE,extra"))
    assert message == "ssd_disability.csv: row 2 has 4 fields but the header has 3"


def test_row_with_fewer_fields_than_the_header(loaded_paths):
    message = reject(loaded_paths, changed("ssd_disability", "D1,P1,NONE", "D1,P1"))
    assert message == "ssd_disability.csv: row 2 has 2 fields but the header has 3"


def test_text_after_a_closing_quote(loaded_paths):
    message = reject(loaded_paths, changed("ssd_disability", "D1,P1,NONE", 'D1,"P1"x,NONE'))
    assert message == (
        "ssd_disability.csv is not valid CSV: row 2 has text straight after a closing quote "
        "(quotes inside a field must be doubled)"
    )


def test_column_named_twice(loaded_paths):
    disability = BASE["ssd_disability"].replace("disa_disability_code", "DISA_PERSON_ID")
    message = reject(loaded_paths, {"ssd_disability": disability})
    assert message == "ssd_disability.csv: column disa_person_id appears twice in the header"


def test_two_files_for_one_table(loaded_paths):
    message = reject(
        loaded_paths, {}, extra_files={"SSD_Disability.csv": BASE["ssd_disability"].encode()}
    )
    assert message == (
        "SSD_Disability.csv and ssd_disability.csv both hold table ssd_disability: keep one"
    )


def test_every_fault_of_a_snapshot_is_reported(loaded_paths):
    message = reject(loaded_paths, {"ssd_disability": b"", "ssd_cp_visits": None})
    assert message == (
        "ssd_disability.csv is empty (0 bytes): even a table with no rows needs its header row; "
        "ssd_cp_visits.csv is missing: it is a required table"
    )


@pytest.mark.parametrize(
    "content",
    [
        BASE["ssd_cp_visits"].splitlines()[0] + "\n",
        BASE["ssd_cp_visits"].splitlines()[0],
        codecs.BOM_UTF8 + BASE["ssd_cp_visits"].splitlines()[0].encode(),
    ],
    ids=["header-only", "header-only-without-line-end", "header-only-with-bom"],
)
def test_header_only_file_is_a_valid_empty_table(loaded_paths, content):
    write_snapshot(loaded_paths.landing_dir, {"ssd_cp_visits": content})
    report = load_landing_area(loaded_paths, log=lambda message: None)
    assert [a.status for a in report.attempts] == ["loaded"]
    assert query(
        loaded_paths.warehouse_path,
        "SELECT rows_read, rows_loaded FROM audit.load_ledger WHERE snapshot_date = ? "
        "AND table_name = 'ssd_cp_visits'",
        [DAY],
    ) == [(0, 0)]


def test_a_rejected_snapshot_is_not_retried_until_a_file_changes(loaded_paths):
    reject(loaded_paths, {"ssd_disability": b""})
    again = load_landing_area(loaded_paths, log=lambda message: None)
    assert again.attempts == ()
    write_snapshot(loaded_paths.landing_dir)  # the corrected re-delivery
    fixed = load_landing_area(loaded_paths, log=lambda message: None)
    assert [(a.label, a.status) for a in fixed.attempts] == [(f"{LA}/{DAY}", "loaded")]
