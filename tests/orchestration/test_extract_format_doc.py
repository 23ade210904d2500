"""docs/extract-format.md describes exactly the format the loader enforces."""

from __future__ import annotations

import re

import pytest

from orchestration.extract_format import TABLES, Kind
from orchestration.settings import REPOSITORY_ROOT
from orchestration.value_parsing import PARSERS

DOC = (REPOSITORY_ROOT / "docs" / "extract-format.md").read_text(encoding="utf-8")
KIND_WORDS = {
    Kind.IDENTIFIER: "identifier",
    Kind.TEXT: "text",
    Kind.CODE: "code",
    Kind.DATE: "date",
    Kind.FLAG: "flag",
    Kind.INTEGER: "whole number",
    Kind.TEXT_ARRAY: "JSON array of text",
    Kind.CODE_ARRAY: "JSON array of codes",
}


def documented_columns(table_name: str) -> list[tuple[str, str, bool]]:
    """(column, kind words, required) for each row of the table's section, in order."""
    section = DOC.split(f"\n### {table_name} (")[1].split("\n### ")[0].split("\n## ")[0]
    rows = re.findall(r"^\| (\*\*)?([a-z0-9_]+)(?:\*\*)? \| ([^|]+) \|", section, re.MULTILINE)
    return [(name, kind.strip(), bool(bold)) for bold, name, kind in rows if name != "column"]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_table_and_column_is_documented_as_loaded(table):
    assert f"\n### {table.name} ({'optional' if table.optional else 'required'})\n" in DOC
    assert documented_columns(table.name) == [
        (c.name, KIND_WORDS[c.kind], c.required) for c in table.columns
    ]
    for column in table.columns:
        if column.codes:
            assert " ".join(f"`{code}`" for code in column.codes.codes) in DOC


def test_every_rule_text_is_documented():
    for parser in PARSERS.values():
        if parser.invalid:
            assert f"`{parser.invalid}`" in DOC
    for words in (
        "required value is empty",
        "child is not in ssd_person, or its row there was quarantined",
        "referral is not in ssd_cin_episodes, or its row there was quarantined",
        "identifier appears more than once in the file; every copy is quarantined",
        "date is after the extract date (",
        "end date is before its start date (",
        "identifier is longer than 48 characters",
        "holds a code that is not one of the ",
        "date is before its S47 enquiry started (s47e_s47_start_date)",
        "date is before 1900-01-01: not a plausible date",
        "date is more than 30 years before the extract date (",
        "date of birth is more than 26 years before the extract date (",
    ):
        assert words in DOC
