"""The CIN census return as the loader uses it: its record elements as the loader's tables.

Derived from the format's one description, orchestration/formats/cin_census.yaml, through the
same structures as the SSD's tables (extract_format.ExtractTable), so the validation rules, the
raw inserts and the Dagster asset specs treat a record element as they treat a table. A record
has no identifier of its own in the file: its element path (`Child[12]/CINdetails[2]`) names it
within its return, and a record nested in another (an assessment in its episode, the episode in
its child) names its parent by the parent's path, in the staged column `parent_element`. The
rule "parent row missing" then quarantines the records under a quarantined one, as the format
says.
"""

from __future__ import annotations

from dataclasses import replace

from orchestration.extract_format import Column, ExtractTable, Kind, ParentReference, extract_table
from orchestration.formats.description import TableDescription, load_format

CIN_CENSUS = load_format("cin_census")
CENSUS_FILE_NAME = CIN_CENSUS.delivery["file_name"]
# The staged column naming the element path of the record a record is part of (never raw).
PARENT_ELEMENT = "parent_element"


def parent_description(table: TableDescription) -> TableDescription | None:
    """The table of the record element a table's records are nested in (the deepest record
    element on the path to it), or None for a record at the top (the header, a child)."""
    enclosing = [
        other
        for other in CIN_CENSUS.tables
        if other.element and table.element.startswith(other.element + "/")
    ]
    return max(enclosing, key=lambda other: len(other.element)) if enclosing else None


def _census_table(table: TableDescription) -> ExtractTable:
    loaded = extract_table(table, CIN_CENSUS, delivered_as=f"{table.title} of {CENSUS_FILE_NAME}")
    parent = parent_description(table)
    if parent is None:
        return loaded
    return replace(
        loaded,
        columns=(*loaded.columns, Column(PARENT_ELEMENT, Kind.TEXT)),
        parents=(
            ParentReference(
                PARENT_ELEMENT,
                parent.name,
                PARENT_ELEMENT,
                f"the {parent.title} element it is part of",
            ),
        ),
    )


CENSUS_TABLES: tuple[ExtractTable, ...] = tuple(_census_table(t) for t in CIN_CENSUS.tables)
CENSUS_TABLES_BY_NAME: dict[str, ExtractTable] = {table.name: table for table in CENSUS_TABLES}

# Columns that identify a child directly (UPN, date of birth); they never leave the raw layer.
DIRECT_IDENTIFIERS = tuple(
    sorted({c.name for table in CIN_CENSUS.tables for c in table.columns if c.direct_identifier})
)
