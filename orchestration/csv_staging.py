"""Reading one extract file into a DuckDB temporary table, parsed, with its rows numbered.

The file is read once, by DuckDB, with every field as text and no guessing (explicit delimiter,
quoting, header and width), into `staged__<table>`. Every format column the file has shows
three faces (ColumnFaces), which are all the validation rules and the inserts ever look at:

- delivered: the field exactly as delivered, `d<position>` (for the quarantine);
- text: trimmed, NULL when empty (what the rules test);
- parsed: the value of the raw table's type (stored as `"<column>"` where parsing does more
  than trim).

The view `numbered__<table>` adds `source_row`, the row's number as a spreadsheet shows it.
A format column the file leaves out has no faces: the rules skip it and the raw insert writes
NULL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration import csv_inspection
from orchestration.csv_inspection import FileFault
from orchestration.extract_format import Column, ExtractTable
from orchestration.sql_text import identifier, literal
from orchestration.value_parsing import PARSERS

# A field longer than this is refused (DuckDB's default is 2 MB; free text can be long).
_MAX_LINE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class ColumnFaces:
    """SQL expressions (over the staged table) for one column's three faces."""

    delivered: str
    text: str
    parsed: str


@dataclass(frozen=True)
class StagedFile:
    table: ExtractTable
    file_name: str
    rows: int
    staged: str  # the temporary table holding the file
    numbered: str  # the view adding source_row
    header_names: tuple[str, ...]
    faces: dict[str, ColumnFaces]  # by format column, for the columns the file has
    temporary_objects: tuple[tuple[str, str], ...]  # ("TABLE" | "VIEW", name), to drop

    def raw_values(self) -> list[str]:
        """The raw table's format columns, in order, then extra_columns: SQL over `numbered`."""
        values = [
            self.faces[c.name].parsed
            if c.name in self.faces
            else f"NULL::{PARSERS[c.kind].sql_type}"
            for c in self.table.columns
        ]
        extras = self._extra_fields()
        if extras and self.table.keeps_extra_columns:
            keys = ", ".join(literal(key) for key in extras)
            values.append(f"MAP([{keys}], [{', '.join(extras.values())}])")
        else:
            values.append("NULL::MAP(VARCHAR, VARCHAR)")
        return values

    def record(self) -> str:
        """The whole row as delivered, as JSON; never the extra fields of a table whose extra
        columns could hold free text."""
        fields = {name: _field(i) for i, name in enumerate(self._names())}
        if not self.table.keeps_extra_columns:
            fields = {k: v for k, v in fields.items() if k in self.table.column_names}
        return "json_object(" + ", ".join(f"{literal(k)}, {v}" for k, v in fields.items()) + ")"

    def delivered_identifier(self) -> str:
        return self.faces[self.table.identifier.name].delivered

    def _names(self) -> list[str]:
        # A nameless header field gets a name by its position.
        return [name or f"column_{i + 1}" for i, name in enumerate(self.header_names)]

    def _extra_fields(self) -> dict[str, str]:
        return {
            name: _field(i)
            for i, name in enumerate(self._names())
            if name not in self.table.column_names
        }


def stage_file(
    connection: duckdb.DuckDBPyConnection,
    table: ExtractTable,
    path: Path,
    file_name: str,
    content_lines: int,
) -> StagedFile:
    """Read the file into `staged__<table>`; FileFault when it cannot be loaded.

    `content_lines` (from file_facts) tells whether every line is one record; when not, the
    rows are counted record by record to number them as a spreadsheet does."""
    csv_inspection.check_bytes(path, file_name)
    header = csv_inspection.read_header(path, file_name)
    positions = {name: index for index, name in enumerate(header.names)}
    missing = [c.name for c in table.required_columns if c.name not in positions]
    if missing:
        noun = "column" if len(missing) == 1 else "columns"
        verb = "is" if len(missing) == 1 else "are"
        raise FileFault(
            f"{file_name}: required {noun} {', '.join(missing)} {verb} missing from the header"
        )

    present = [c for c in table.columns if c.name in positions]
    faces = {c.name: _faces(c, positions[c.name]) for c in present}
    fields = [_field(index) for index in range(len(header.names))]
    # Stored: every field as delivered; its trimmed text only where trimming changes it (so
    # almost never a second copy of a string); and the parsed value where parsing does more
    # than trim. Each field is trimmed once, in the inner query.
    trims = [f"trim({faces[c.name].delivered}) AS {_trim(c)}" for c in present]
    trimmed = [
        f"CASE WHEN {faces[c.name].delivered} <> {_trim(c)} THEN {_trim(c)} END "
        f"AS {identifier(c.name + '__trimmed')}"
        for c in present
    ]
    parsed = [
        f"{PARSERS[c.kind].sql(_non_empty(_trim(c)))} AS {faces[c.name].parsed}"
        for c in present
        if not PARSERS[c.kind].is_identity
    ]
    staged = f"staged__{table.name}"
    try:
        rows = connection.execute(
            f"CREATE OR REPLACE TEMP TABLE {staged} AS "
            f"SELECT {', '.join(fields + trimmed + parsed)} "
            f"FROM (SELECT {', '.join(fields + trims)} "
            f"FROM {_read_csv(path, len(header.names))})"
        ).fetchall()[0][0]
    except duckdb.InvalidInputException as error:
        if "CSV Error" not in str(error):
            raise
        described = csv_inspection.describe_structure_fault(path, file_name, len(header.names))
        raise FileFault(described or f"{file_name} could not be read as CSV: {_first_line(error)}")

    numbered = f"numbered__{table.name}"
    temporary = [("TABLE", staged), ("VIEW", numbered)]
    every_line_a_record = content_lines == rows + 1
    offsets = [] if every_line_a_record else csv_inspection.blank_row_offsets(path)
    if offsets:
        shifts = f"blank_rows__{table.name}"
        connection.execute(
            f"CREATE OR REPLACE TEMP TABLE {shifts} (first_record BIGINT, blank_rows BIGINT)"
        )
        connection.executemany(f"INSERT INTO {shifts} VALUES (?, ?)", offsets)
        temporary.append(("TABLE", shifts))
        connection.execute(
            f"CREATE OR REPLACE TEMP VIEW {numbered} AS "
            "SELECT staged.rowid + 2 + coalesce(shift.blank_rows, 0) AS source_row, staged.* "
            f"FROM {staged} AS staged ASOF LEFT JOIN {shifts} AS shift "
            "ON staged.rowid >= shift.first_record"
        )
    else:
        connection.execute(
            f"CREATE OR REPLACE TEMP VIEW {numbered} AS "
            f"SELECT rowid + 2 AS source_row, * FROM {staged}"
        )
    return StagedFile(
        table, file_name, rows, staged, numbered, header.names, faces, tuple(reversed(temporary))
    )


def drop_staged(connection: duckdb.DuckDBPyConnection, staged: StagedFile) -> None:
    for kind, name in staged.temporary_objects:
        connection.execute(f"DROP {kind} IF EXISTS {name}")


def _field(index: int) -> str:
    return f"d{index}"


def _non_empty(text_sql: str) -> str:
    return f"nullif({text_sql}, '')"


def _trim(column: Column) -> str:
    return identifier(column.name + "__trim")


def _faces(column: Column, position: int) -> ColumnFaces:
    delivered = _field(position)
    text = f"nullif(coalesce({identifier(column.name + '__trimmed')}, {delivered}), '')"
    parsed = text if PARSERS[column.kind].is_identity else identifier(column.name)
    return ColumnFaces(delivered=delivered, text=text, parsed=parsed)


def _read_csv(path: Path, width: int) -> str:
    """read_csv with nothing left to guessing: the format's dialect, every field as text."""
    columns = ", ".join(f"{literal(_field(i))}: 'VARCHAR'" for i in range(width))
    return (
        f"read_csv({literal(str(path))}, columns = {{{columns}}}, header = true, "
        "auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        f"strict_mode = true, null_padding = false, max_line_size = {_MAX_LINE_BYTES})"
    )


def _first_line(error: Exception) -> str:
    lines = str(error).splitlines()
    return lines[0] if lines else type(error).__name__
