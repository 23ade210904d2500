"""The Annex A workbook format as the loader uses it: its lists as the loader's structures.

Derived from the format's one description, orchestration/formats/annex_a.yaml, through the same
structures as the SSD's tables (extract_format.ExtractTable), so the validation rules, the raw
inserts and the Dagster asset specs treat a list as they treat a table. What is a workbook's
own (sheet names, header rows, headings) is read from the description by workbook_reading.
"""

from __future__ import annotations

from orchestration.extract_format import ExtractTable, extract_table
from orchestration.formats.description import TableDescription, load_format

ANNEX_A = load_format("annex_a")
WORKBOOK_FILE_NAME = ANNEX_A.delivery["file_name"]


def list_title(table: TableDescription) -> str:
    """How messages name a list: "List 4 (assessments)"."""
    number, _, subject = table.title.partition(" - ")
    return f"{number} ({subject})" if subject else number


LIST_TABLES: tuple[ExtractTable, ...] = tuple(
    extract_table(table, ANNEX_A, delivered_as=f"{list_title(table)} of {WORKBOOK_FILE_NAME}")
    for table in ANNEX_A.tables
)
LIST_TABLES_BY_NAME: dict[str, ExtractTable] = {table.name: table for table in LIST_TABLES}
LIST_TABLES_BY_NUMBER: dict[int, ExtractTable] = {
    description.list_number: LIST_TABLES_BY_NAME[description.name]
    for description in ANNEX_A.tables
}
REQUIRED_LISTS: tuple[int, ...] = tuple(
    description.list_number for description in ANNEX_A.tables if not description.optional
)

# Columns that identify a person directly (a child's date of birth, a worker's name); they
# never leave the raw layer.
DIRECT_IDENTIFIERS = tuple(
    sorted({c.name for table in ANNEX_A.tables for c in table.columns if c.direct_identifier})
)
