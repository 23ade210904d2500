"""Staging a workbook's list sheets into DuckDB, as csv_staging stages a table's CSV files.

The sheets of one list across a batch of snapshots (each read by workbook_reading) go into one
temporary table, `staged__<list table>__0`, one row per sheet row, one text column per list
column (whatever heading each sheet gave it), so that the validation rules (validation_rules)
and the raw insert treat a list exactly as they treat a CSV table: a WorkbookGroup has the
faces, numbered view and SQL of a csv_staging.StagedGroup. Each sheet is a "file" of the group
(its file_index), with its sheet name and headings beside its source file.

A column's faces: delivered, the cell's text (`<column>__delivered`); text, trimmed, NULL when
empty, an empty value (#N/A, NULL, -, ...) or a formula without a saved value
(`<column>__text`); parsed, the value of the raw table's type by the format's parsers
(`<column>`). The numbered view adds `source_row` (the sheet's own row number, as Excel shows
it), `staged_row`, the file's particulars, `source_sheet` and `headings` (the sheet's heading
of each list column), and keeps `unsaved_formulas` (the row's columns whose formula has no
saved value) and `extras` (the row's unknown columns, heading to text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from orchestration.csv_staging import ColumnFaces, StagedTable, file_particulars, per_file
from orchestration.extract_format import ExtractTable
from orchestration.sql_text import identifier, literal
from orchestration.value_parsing import WORKBOOK_TRIM, column_parser, workbook_text
from orchestration.worker_pseudonyms import pseudonym_sql
from orchestration.workbook_reading import ListSheet

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass(frozen=True)
class SheetToStage:
    """One list sheet of a delivered workbook, as the loader knows it."""

    sheet: ListSheet
    path: Path  # the archive copy of the workbook
    file_name: str  # the workbook's name as delivered
    source_file: str  # "<la>/<date>/<file name>"
    la_code: str
    snapshot_date: date
    snapshot: int  # the batch's number for the sheet's snapshot
    load_id: str

    @property
    def ledger_key(self) -> str:
        return ledger_key(self.file_name, self.sheet.table.name)


def ledger_key(file_name: str, table_name: str) -> str:
    """A list sheet's entry in its snapshot's ledger: one per list of the workbook."""
    return f"{file_name}#{table_name}"


@dataclass
class WorkbookGroup:
    """The sheets of one list across the batch, read into one temporary table."""

    table: ExtractTable
    files: tuple[SheetToStage, ...]  # in file_index order
    faces: dict[str, ColumnFaces]  # by list column, for the columns some sheet has
    staged: str
    numbered: str
    rows: dict[int, int]  # file_index -> rows read
    temporary_objects: list[tuple[str, str]] = field(default_factory=list)
    unsaved_formulas: str = "unsaved_formulas"
    source_sheet: str = "source_sheet"
    source_element: str = "NULL"

    def heading(self, column_name_sql: str) -> str:
        return f"headings[{column_name_sql}]"

    def number_rows(self, connection: duckdb.DuckDBPyConnection, kept: frozenset[int]) -> None:
        particulars = {
            **file_particulars(self.files),
            "source_sheet": per_file(literal(f.sheet.sheet_name) for f in self.files),
            "headings": per_file(_map(f.sheet.headings) for f in self.files),
        }
        kept_only = f"staged.file_index IN ({', '.join(str(i) for i in sorted(kept)) or 'NULL'})"
        connection.execute(
            f"CREATE OR REPLACE TEMP VIEW {self.numbered} AS SELECT staged.source_row, "
            "staged.rowid AS staged_row, "
            + "".join(f"{sql} AS {name}, " for name, sql in particulars.items())
            + f"staged.* EXCLUDE (source_row) FROM {self.staged} AS staged WHERE {kept_only}"
        )
        self.temporary_objects.append(("VIEW", self.numbered))

    def raw_row(self) -> list[str]:
        """Every column of the list's raw table, in order (warehouse_schema.workbook_raw_columns),
        as SQL over `numbered`."""
        values = ["la_code", "snapshot_date", "source_file", "source_sheet", "source_row"]
        for column in self.table.columns:
            faces = self.faces.get(column.name)
            sql_type = column_parser(self.table.format_name, column).sql_type
            values.append(faces.parsed if faces else f"NULL::{sql_type}")
            if column.pseudonym:
                values.append(
                    pseudonym_sql(faces.text, "la_code") if faces else "NULL::VARCHAR"
                )
        values.append("CASE WHEN cardinality(extras) > 0 THEN extras END")
        return values

    def record(self) -> str:
        """The whole row as delivered, as JSON: the list's columns by name, others by heading."""
        pairs = ", ".join(
            f"{literal(name)}, {faces.delivered}" for name, faces in self.faces.items()
        )
        return f"json_merge_patch(to_json(extras), json_object({pairs}))"

    def delivered_identifier(self) -> str:
        return self.faces[self.table.record_id.name].delivered


def stage_lists(
    connection: duckdb.DuckDBPyConnection, table: ExtractTable, sheets: Sequence[SheetToStage]
) -> StagedTable:
    """Read the list's sheets into one group (none when no workbook of the batch has it)."""
    staged = StagedTable(table, [], {})
    if sheets:
        staged.groups.append(_stage(connection, table, tuple(sheets)))
    return staged


def _stage(
    connection: duckdb.DuckDBPyConnection, table: ExtractTable, sheets: tuple[SheetToStage, ...]
) -> WorkbookGroup:
    import pyarrow as pa  # only here: a refresh with no workbook never needs it (0.3 s)

    name = f"staged__{table.name}__0"
    present = [c for c in table.columns if any(c.name in s.sheet.headings for s in sheets)]
    rows = [(index, row) for index, sheet in enumerate(sheets) for row in sheet.sheet.rows]
    arrays = {
        "file_index": pa.array([index for index, _ in rows], pa.int32()),
        "source_row": pa.array([row.excel_row for _, row in rows], pa.int64()),
        **{
            f"{c.name}__delivered": pa.array(
                [row.values.get(c.name) for _, row in rows], pa.string()
            )
            for c in present
        },
        "extras": pa.array(
            [list(row.extras.items()) for _, row in rows], pa.map_(pa.string(), pa.string())
        ),
        "unsaved_formulas": pa.array(
            [list(row.unsaved_formulas) for _, row in rows], pa.list_(pa.string())
        ),
    }
    faces = {c.name: named_faces(c.name, column_parser(table.format_name, c).is_identity) for c in present}
    trims = [
        f"{WORKBOOK_TRIM.replace('{delivered}', delivered_face(c.name))} AS {_trimmed(c.name)}"
        for c in present
    ]
    texts = [
        f"CASE WHEN list_contains(unsaved_formulas, {literal(c.name)}) THEN NULL ELSE "
        f"{workbook_text(table.format_name, _trimmed(c.name))} END AS {faces[c.name].text}"
        for c in present
    ]
    parsed = [
        f"{column_parser(table.format_name, c).sql(faces[c.name].text)} AS {faces[c.name].parsed}"
        for c in present
        if not column_parser(table.format_name, c).is_identity
    ]
    delivered = [delivered_face(c.name) for c in present]
    connection.register("workbook_rows", pa.table(arrays))
    try:
        connection.execute(
            f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT *"
            + "".join(f", {sql}" for sql in parsed)
            + f" FROM (SELECT file_index, source_row, {', '.join([*delivered, *texts, 'extras', 'unsaved_formulas'])}"
            + f" FROM (SELECT *, {', '.join(trims)} FROM workbook_rows))"
            if present
            else f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT file_index, source_row, extras, "
            "unsaved_formulas FROM workbook_rows"
        )
    finally:
        connection.unregister("workbook_rows")
    counts = dict(
        connection.execute(f"SELECT file_index, count(*) FROM {name} GROUP BY file_index").fetchall()
    )
    return WorkbookGroup(
        table=table,
        files=sheets,
        faces=faces,
        staged=name,
        numbered=name.replace("staged__", "numbered__", 1),
        rows={index: counts.get(index, 0) for index in range(len(sheets))},
        temporary_objects=[("TABLE", name)],
    )


def delivered_face(column: str) -> str:
    """The staged column holding a column's delivered text."""
    return identifier(f"{column}__delivered")


def _trimmed(column: str) -> str:
    return identifier(f"{column}__trimmed")


def named_faces(column: str, identity: bool) -> ColumnFaces:
    """A staged column's faces by name: `<column>__delivered`, `<column>__text`, and the parsed
    value `<column>` (the text itself when parsing only trims)."""
    text = identifier(f"{column}__text")
    return ColumnFaces(
        delivered=delivered_face(column), text=text, parsed=text if identity else identifier(column)
    )


def _map(values: dict[str, str]) -> str:
    """A SQL MAP literal of text to text."""
    pairs = ", ".join(f"{literal(k)}: {literal(v)}" for k, v in values.items())
    return f"MAP {{{pairs}}}" if pairs else "MAP {}::MAP(VARCHAR, VARCHAR)"
