"""The delivery formats' descriptions: well formed, read alike everywhere, documented.

orchestration/formats/*.yaml describe each kind of delivery once; these tests keep the files
written from them (the dbt sources and macro) current, check the descriptions against each
other and against docs/annex-a-format.md, and pin how the Annex A rules read the variants an
authority's workbook brings.
"""

from __future__ import annotations

import re

import duckdb
import pytest

from orchestration.formats import description as formats
from orchestration.formats.dbt_sources import GENERATED_FILES
from orchestration.formats.description import (
    FormatDescriptionError,
    all_formats,
    load_format,
    normalised,
)
from orchestration.settings import REPOSITORY_ROOT
from orchestration.warehouse_schema import create_tables

ANNEX_A = load_format("annex_a")
RULES = ANNEX_A.workbook
DOC = (REPOSITORY_ROOT / "docs" / "annex-a-format.md").read_text(encoding="utf-8")
STAGING = REPOSITORY_ROOT / "dbt_project" / "models" / "staging"


@pytest.mark.parametrize("path", GENERATED_FILES, ids=lambda path: path.name)
def test_the_files_written_from_the_descriptions_are_current(path):
    assert path.read_text(encoding="utf-8") == GENERATED_FILES[path](), (
        f"{path} is out of date: run python -m orchestration.formats.dbt_sources"
    )


def _timing(description, feed) -> str:
    """How a feed dates its records; one that follows its parent, as its parent's are dated (a
    CIN census assessment carries its factors on its own record, an SSD extract's follow it)."""
    if feed.follows:
        parent = next(
            f for t in description.tables for f in t.feeds if f.family == feed.follows.family
        )
        return _timing(description, parent)
    if feed.runs_until:
        return "running"
    return "dated" if feed.window_date else "dateless"


def test_every_family_is_dated_alike_wherever_it_is_fed():
    timings: dict[str, set[str]] = {}
    for description in all_formats():
        for table in description.tables:
            for feed in table.feeds:
                timings.setdefault(feed.family, set()).add(_timing(description, feed))
    assert {family: t for family, t in timings.items() if len(t) > 1} == {}
    assert timings["cin_episodes"] == timings["cp_plans"] == {"running"}
    assert timings["referrals"] == {"dated"}
    assert timings["assessment_factors"] == timings["assessments"] == {"dated"}
    assert timings["cp_reviews"] == {"running"}
    assert timings["children"] == timings["disabilities"] == {"dateless"}


def test_each_code_list_spells_each_answer_once():
    for description in all_formats():
        for codes in description.code_lists.values():
            spellings = [normalised(s) for code in codes.codes for s in codes.spellings_of(code)]
            assert len(spellings) == len(set(spellings)), (description.name, codes.key)


def test_annex_a_lists_and_their_keys():
    lists = {table.list_number: table for table in ANNEX_A.tables}
    assert sorted(lists) == list(range(1, 12))
    assert {n for n, table in lists.items() if not table.optional} == {3, 4, 5}
    for number, table in lists.items():
        assert table.name == f"annex_a_list_{number}"
        assert table.identifier is None
        assert table.column(table.header_column).required
        assert table.natural_key == table.feeds[0].natural_key, table.name
        for name in table.natural_key:
            assert table.column(name).required, (table.name, name)
        keys = [RULES.heading_key(h) for column in table.columns for h in column.headings]
        assert len(keys) == len(set(keys)), table.name
        assert all(column.headings for column in table.columns), table.name
    assert lists[5].column_names[:8] == (
        "child_id", "sex", "ethnicity", "date_of_birth", "age", "disability", "team", "worker",
    )
    assert "child_id" not in lists[11].column_names
    assert [f.family for f in lists[5].feeds] == ["s47_enquiries", "icpcs", "children", "disabilities"]


def test_annex_a_raw_tables_are_laid_out_by_meaning(tmp_path):
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    try:
        create_tables(connection)
        columns = connection.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'raw' AND table_name = 'annex_a_list_3' ORDER BY ordinal_position"
        ).fetchall()
        tables = {
            name for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw'"
            ).fetchall()
        }
    finally:
        connection.close()
    assert columns == [
        ("la_code", "VARCHAR"), ("snapshot_date", "DATE"), ("source_file", "VARCHAR"),
        ("source_sheet", "VARCHAR"), ("source_row", "BIGINT"), ("child_id", "VARCHAR"),
        ("sex", "VARCHAR"), ("ethnicity", "VARCHAR"), ("date_of_birth", "DATE"),
        ("disability", "VARCHAR"), ("team", "VARCHAR"), ("worker", "VARCHAR"),
        ("worker_id", "VARCHAR"), ("referral_date", "DATE"), ("referral_source", "VARCHAR"),
        ("referral_nfa", "BOOLEAN"), ("referrals_last_12_months", "INTEGER"),
        ("extra_columns", "MAP(VARCHAR, VARCHAR)"),
    ]
    assert {f"annex_a_list_{n}" for n in range(1, 12)} <= tables
    assert len(tables) == 21 + 11 + 9  # SSD tables, Annex A lists, CIN census record elements


@pytest.mark.parametrize(
    "sheet, number",
    [
        ("List 4", 4), ("list4", 4), ("List 4 - Assessments", 4), ("L4", 4), ("LIST_4", 4),
        ("List\u00a010", 10), ("List 1", 1), ("L 11", 11), ("Cover", None), ("Lists guidance", None),
        ("Pivot", None),
    ],
)
def test_sheets_are_lists_by_their_names(sheet, number):
    assert RULES.list_number(sheet) == number


@pytest.mark.parametrize(
    "heading, key",
    [
        ("Referral NFA?", "referral nfa"),
        ("  Age of Child (Years) ", "age of child"),
        ("Was the Child Seen Alone? (Y/N)", "was the child seen alone"),
        ("Child\u00a0Unique   ID", "child unique id"),
    ],
)
def test_headings_are_compared_by_meaning(heading, key):
    assert RULES.heading_key(heading) == key


def _codes(key: str):
    return ANNEX_A.flag_answers if key == "flag" else ANNEX_A.code_lists[key]


@pytest.mark.parametrize(
    "codes, written, code",
    [
        *[("sex", text, "M") for text in ("a) Male", "1 - Male", "M", "Male", " male ")],
        *[("sex", text, "F") for text in ("b) Female", "2", "F")],
        *[("sex", text, "U") for text in ("c) Not stated/recorded", "0", "9", "U", "Unknown", "Unborn")],
        *[("sex", text, "I") for text in ("d) Neither", "Indeterminate")],
        *[("flag", text, "true") for text in ("a) Yes", "Yes", "Y", "1", "True", "1 - Yes")],
        *[("flag", text, "false") for text in ("b) No", "No", "N", "0", "False")],
        ("flag", "c) Unknown", "unknown"),
        ("flag", "CS Assessment Updated", None),
        *[("ethnicity", text, "WBRI") for text in ("a) WBRI", "(A.A1) White - British", "WBRI")],
        ("ethnicity", "k) APKN", "APKN"),
        *[("disability", text, code) for text, code in (
            ("HAND", "HAND"), ("AUT", "AUT"), ("LD", "LD"), ("NONE", "NONE"), ("No", "NONE"),
            ("a) Yes", "YES"), ("NOBT", "NOT_KNOWN"), ("REFU", "NOT_KNOWN"), ("Unknown", "NOT_KNOWN"),
        )],
        ("referral_source", "a) 1A: Individual", "1A"),
        ("referral_source", "p1) 5D: LA services", "5D"),
        ("primary_need", "N1 - Abuse or neglect", "N1"),
        ("cp_category", "b) Physical abuse", "PHY"),
        ("sex", "Male and female", None),
    ],
)
def test_coded_answers_are_read_in_every_form(codes, written, code):
    assert RULES.answer(written, _codes(codes)) == code


@pytest.mark.parametrize("text", ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "NULL", "n/a", " - ", ""])
def test_spreadsheet_errors_and_nulls_are_empty(text):
    assert RULES.is_empty(text)


def test_a_value_is_not_empty():
    assert not RULES.is_empty("0")


def test_every_ssd_family_has_its_base_model_and_staging_model():
    staging_sql = "\n".join(p.read_text(encoding="utf-8") for p in STAGING.glob("stg_*.sql"))
    for table in load_format("ssd").tables:
        for feed in table.feeds:
            base = STAGING / "base" / f"base_ssd_{feed.family}.sql"
            assert f"history_columns('{table.name}', '{feed.family}'" in base.read_text(encoding="utf-8")
            assert f"ref('base_ssd_{feed.family}')" in staging_sql, feed.family


def test_annex_a_doc_describes_every_list_heading_and_code():
    for table in ANNEX_A.tables:
        assert f"\n### {table.title} ({'optional' if table.optional else 'required'})\n" in DOC
        assert f"`raw.{table.name}`" in DOC
        for column in table.columns:
            for heading in column.headings:
                assert f"`{heading}`" in DOC, (table.name, heading)
    for codes in ANNEX_A.code_lists.values():
        for code in codes.codes:
            assert f"`{code}`" in DOC
            for spelling in codes.spellings.get(code, ()):
                assert f"`{spelling}`" in DOC
    for empty in RULES.empty_values:
        assert f"`{empty}`" in DOC


def test_a_description_that_breaks_the_schema_is_refused_with_its_file(tmp_path, monkeypatch):
    text = (formats.FORMATS_DIR / "ssd.yaml").read_text(encoding="utf-8")
    broken = text.replace("kind: flag}", "kind: tick-box}", 1)
    (tmp_path / "ssd.yaml").write_text(broken, encoding="utf-8")
    monkeypatch.setattr(formats, "FORMATS_DIR", tmp_path)
    formats.load_format.cache_clear()
    try:
        with pytest.raises(FormatDescriptionError, match=re.escape(str(tmp_path / "ssd.yaml"))):
            formats.load_format("ssd")
    finally:
        formats.load_format.cache_clear()


def test_cin_census_doc_describes_every_element_and_path():
    doc = (REPOSITORY_ROOT / "docs" / "cin-census-format.md").read_text(encoding="utf-8")
    census = load_format("cin_census")
    for table in census.tables:
        assert f"`{table.name}`" in doc, table.name
        for column in table.columns:
            assert column.name in doc, (table.name, column.name)
            for path in (column.path or "").split("|"):
                if path != ".":
                    assert path in doc, (table.name, column.name, path)
    for key in ("disability", "cp_category"):  # the lists the page spells out
        for code in census.code_lists[key].codes:
            assert f"`{code}`" in doc, code
