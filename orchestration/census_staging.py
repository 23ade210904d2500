"""Staging a CIN census return's records into DuckDB, as csv_staging stages a table's files.

The records of one table across a batch of returns (each read by census_reading) go into one
temporary table, `staged__<census table>__0`, one row per record, so that the validation rules
(validation_rules) and the raw insert treat a record element exactly as they treat a CSV
table's rows: a CensusGroup has the faces, numbered view and SQL of a csv_staging.StagedGroup.
Each return is a "file" of the group (its file_index).

A column's faces: delivered, the element's text (`<column>__delivered`); text, trimmed, NULL
when empty or absent (`<column>__text`); parsed, the value of the raw table's type by the
format's parsers (`<column>`). The numbered view adds `staged_row` and the file's particulars,
and keeps `source_row` (the line of the file where the record's element begins),
`source_element` (its element path, which names it within its return, and which the
quarantine records), `parent_element` (the path of the record it is part of) and `extras` (the
record's unknown elements, path to text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from orchestration.census_format import PARENT_ELEMENT
from orchestration.census_reading import CensusTable
from orchestration.csv_staging import ColumnFaces, StagedTable, file_particulars
from orchestration.extract_format import ExtractTable
from orchestration.sql_text import literal
from orchestration.value_parsing import WORKBOOK_TRIM, column_parser
from orchestration.workbook_staging import delivered_face, named_faces


@dataclass(frozen=True)
class ReturnToStage:
    """One table's records of a delivered return, as the loader knows them."""

    records: CensusTable
    path: Path  # the archive copy of the return
    file_name: str  # as delivered
    source_file: str  # "<la>/<date>/<file name>"
    la_code: str
    snapshot_date: date
    snapshot: int  # the batch's number for the return's snapshot
    load_id: str

    @property
    def ledger_key(self) -> str:
        return f"{self.file_name}#{self.records.table.name}"


@dataclass
class CensusGroup:
    """The records of one table across the batch, read into one temporary table."""

    table: ExtractTable
    files: tuple[ReturnToStage, ...]  # in file_index order
    faces: dict[str, ColumnFaces]
    staged: str
    numbered: str
    rows: dict[int, int]  # file_index -> records read
    temporary_objects: list[tuple[str, str]] = field(default_factory=list)
    unsaved_formulas: None = None  # no formulas in XML
    source_sheet: str = "NULL"
    source_element: str = "source_element"

    def heading(self, column_name_sql: str) -> str:
        return "NULL"

    def valid_id(self) -> str:
        """What names a record to the records nested in it: its element path."""
        return "source_element"

    def number_rows(self, connection: duckdb.DuckDBPyConnection, kept: frozenset[int]) -> None:
        particulars = file_particulars(self.files)
        kept_only = f"staged.file_index IN ({', '.join(str(i) for i in sorted(kept)) or 'NULL'})"
        connection.execute(
            f"CREATE OR REPLACE TEMP VIEW {self.numbered} AS SELECT staged.rowid AS staged_row, "
            + "".join(f"{sql} AS {name}, " for name, sql in particulars.items())
            + f"staged.* FROM {self.staged} AS staged WHERE {kept_only}"
        )
        self.temporary_objects.append(("VIEW", self.numbered))

    def raw_row(self) -> list[str]:
        """Every column of the table's raw table, in order (warehouse_schema.census_raw_columns),
        as SQL over `numbered`."""
        values = ["la_code", "snapshot_date", "source_file", "source_element", "source_row"]
        values += [self.faces[c.name].parsed for c in self.table.columns if c.name != PARENT_ELEMENT]
        values.append("CASE WHEN cardinality(extras) > 0 THEN extras END")
        return values

    def record(self) -> str:
        """The record as delivered, as JSON: its columns by name, unknown elements by path."""
        pairs = ", ".join(
            f"{literal(c.name)}, {self.faces[c.name].delivered}"
            for c in self.table.columns
            if c.name != PARENT_ELEMENT
        )
        return f"json_merge_patch(to_json(extras), json_object({pairs}))"

    def delivered_identifier(self) -> str:
        """The quarantine's record id: the child's id (the return's authority for its header)."""
        names = self.table.column_names
        return self.faces["child_id" if "child_id" in names else "lea"].delivered


def stage_returns(
    connection: duckdb.DuckDBPyConnection, table: ExtractTable, returns: Sequence[ReturnToStage]
) -> StagedTable:
    """Read the table's records of every return into one group (none without a return)."""
    staged = StagedTable(table, [], {})
    if returns:
        staged.groups.append(_stage(connection, table, tuple(returns)))
    return staged


def _stage(
    connection: duckdb.DuckDBPyConnection, table: ExtractTable, returns: tuple[ReturnToStage, ...]
) -> CensusGroup:
    name = f"staged__{table.name}__0"
    connection.execute(f"DROP TABLE IF EXISTS {name}")
    faces = {c.name: named_faces(c.name, column_parser(table.format_name, c).is_identity) for c in table.columns}
    faces[PARENT_ELEMENT] = ColumnFaces(PARENT_ELEMENT, PARENT_ELEMENT, PARENT_ELEMENT)
    delivered = [delivered_face(c.name) for c in table.columns if c.name != PARENT_ELEMENT]
    texts = [
        f"nullif({WORKBOOK_TRIM.replace('{delivered}', delivered_face(c.name))}, '') "
        f"AS {faces[c.name].text}"
        for c in table.columns
        if c.name != PARENT_ELEMENT
    ]
    parsed = [
        f"{column_parser(table.format_name, c).sql(faces[c.name].text)} AS {faces[c.name].parsed}"
        for c in table.columns
        if c.name != PARENT_ELEMENT and not column_parser(table.format_name, c).is_identity
    ]
    counts = {}
    for index, census_return in enumerate(returns):
        records = census_return.records.arrow()
        counts[index] = records.num_rows
        connection.register("census_records", records)
        try:
            select = (
                f"SELECT *{''.join(f', {sql}' for sql in parsed)} FROM (SELECT "
                f"CAST({index} AS INTEGER) AS file_index, source_row, source_element, "
                f"{PARENT_ELEMENT}, {', '.join([*delivered, *texts])}, extras "
                "FROM census_records)"
            )
            connection.execute(
                f"CREATE TEMP TABLE {name} AS {select}"
                if index == 0
                else f"INSERT INTO {name} {select}"
            )
        finally:
            connection.unregister("census_records")
    return CensusGroup(
        table=table,
        files=returns,
        faces=faces,
        staged=name,
        numbered=name.replace("staged__", "numbered__", 1),
        rows=counts,
        temporary_objects=[("TABLE", name)],
    )

