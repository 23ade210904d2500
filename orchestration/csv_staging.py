"""Reading extract files into DuckDB: many files of one table in one statement, rows numbered.

The files of one table across a batch of snapshots that share a header (the usual case: every
authority's system writes the same columns) are read together, by one `read_csv` over the list
of files, with every field as text and nothing left to guessing (explicit delimiter, quoting,
header and width), into one temporary table `staged__<table>__<n>`. One statement per table
rather than per file lets DuckDB read the files in parallel and spares the per-statement cost
that would otherwise be paid thousands of times at national scale.

DuckDB keeps the order of the rows it reads (files in the order listed, each file's rows in
file order), so a row's position in the staged table, less the position of its file's first
row, numbers it within its file. If DuckDB refuses the group (a file that is truncated, ragged
or not UTF-8), each file is read on its own, so that only the faulty files are refused, with
their faults worded by csv_inspection.

Every format column the files have shows three faces (ColumnFaces), which are all the
validation rules and the inserts ever look at:

- delivered: the field exactly as delivered, `d<position>` (for the quarantine);
- text: trimmed, NULL when empty (what the rules test);
- parsed: the value of the raw table's type (stored as `"<column>"` where parsing does more
  than trim).

Once the loader knows which snapshots of the batch are rejected, `number_rows` makes the view
`numbered__<table>__<n>` of the files it keeps, adding `source_row` (the row's number as a
spreadsheet shows it), `staged_row` (its position in the staged table, a key within the group),
`file_index` and, for each row, its file's `snapshot` (the batch's number for the snapshot),
`la_code`, `snapshot_date`, `source_file` and `load_id`. A format column the files leave out has no
faces: the rules skip it and the raw insert writes NULL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
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
class FileToStage:
    """One delivered file of the table, as the loader knows it."""

    path: Path  # the archive copy that is read
    file_name: str  # as delivered, for messages
    source_file: str  # "<la>/<date>/<file name>", as raw.*.source_file records it
    la_code: str
    snapshot_date: date
    snapshot: int  # the batch's number for the file's snapshot: what references match on
    load_id: str  # the attempt at the snapshot, as audit.* names it
    content_lines: int  # from file_facts: tells whether every line is one record
    nul_line: int | None = None  # from file_facts: the first line holding a NUL byte

    @property
    def ledger_key(self) -> str:
        """The file's entry in its snapshot's ledger."""
        return self.file_name


@dataclass(frozen=True)
class ColumnFaces:
    """SQL expressions (over the numbered view) for one column's three faces."""

    delivered: str
    text: str
    parsed: str


@dataclass
class StagedGroup:
    """Files of one table with the same header, read into one temporary table."""

    table: ExtractTable
    files: tuple[FileToStage, ...]  # in file_index order
    header_names: tuple[str, ...]
    faces: dict[str, ColumnFaces]  # by format column, for the columns the files have
    staged: str  # the temporary table holding the files
    numbered: str  # the view adding source_row and the file's particulars (number_rows)
    rows: dict[int, int]  # file_index -> rows read
    first_rows: dict[int, int]  # file_index -> staged position of the file's first row
    temporary_objects: list[tuple[str, str]] = field(default_factory=list)  # (kind, name)
    # What a workbook's group has and a CSV file's has not (workbook_staging.WorkbookGroup):
    # the numbered rows' list of columns whose formula has no saved value; the sheet; headings.
    unsaved_formulas: str | None = None
    source_sheet: str = "NULL"
    source_element: str = "NULL"  # a CIN census record's element path (census_staging)

    def heading(self, column_name_sql: str) -> str:
        """SQL for the heading the row's file gave a column: a CSV file's is its name."""
        return "NULL"

    def valid_id(self) -> str:
        """SQL for what names a row to the rows that refer to it: its identifier's text."""
        return self.faces[self.table.identifier.name].text

    def number_rows(self, connection: duckdb.DuckDBPyConnection, kept: frozenset[int]) -> None:
        number_rows(connection, self, kept)

    def raw_row(self) -> list[str]:
        """Every column of the raw table, in order, as SQL over `numbered`."""
        return ["la_code", "snapshot_date", "source_file", "source_row", *self.raw_values()]

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

    def absent_columns(self) -> tuple[str, ...]:
        """The format's columns the files leave out (never a required one: that rejects the
        file), in the format's order: absent, not empty (audit.absent_columns)."""
        return tuple(c.name for c in self.table.columns if c.name not in self.faces)

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


@dataclass
class StagedTable:
    """Every file of one table in the batch: read into groups, or refused with a fault."""

    table: ExtractTable
    groups: list[StagedGroup]
    faults: dict[FileToStage, str]  # the files that cannot be loaded, and why

    def rows_read(self) -> dict[FileToStage, int]:
        return {g.files[i]: rows for g in self.groups for i, rows in g.rows.items()}


def stage_table(
    connection: duckdb.DuckDBPyConnection, table: ExtractTable, files: Iterable[FileToStage]
) -> StagedTable:
    """Read the table's files, grouped by header; a file that cannot be loaded gets a fault."""
    by_header: dict[tuple[str, ...], list[FileToStage]] = {}
    faults: dict[FileToStage, str] = {}
    for file in files:
        try:
            by_header.setdefault(_checked_header(table, file), []).append(file)
        except FileFault as fault:
            faults[file] = str(fault)
    staged = StagedTable(table, [], faults)
    for header_names, members in by_header.items():
        _stage_group(connection, staged, header_names, members)
    return staged


def number_rows(
    connection: duckdb.DuckDBPyConnection, group: StagedGroup, kept: frozenset[int]
) -> None:
    """Make the group's numbered view over the files (by file_index) whose snapshots load."""
    files = range(len(group.files))
    shifts = _blank_row_shifts(connection, group)
    numbered_from = f"{group.staged} AS staged"
    source_row = f"staged.rowid - {per_file(group.first_rows.get(i, 0) for i in files)} + 2"
    if shifts:
        numbered_from += (
            f" ASOF LEFT JOIN {shifts} AS shift ON staged.file_index = shift.file_index "
            "AND staged.rowid >= shift.first_row"
        )
        source_row += " + coalesce(shift.blank_rows, 0)"
    particulars = file_particulars(group.files)
    kept_only = (
        ""
        if len(kept) == len(group.files)
        else f" WHERE staged.file_index IN ({', '.join(str(i) for i in sorted(kept)) or 'NULL'})"
    )
    connection.execute(
        f"CREATE OR REPLACE TEMP VIEW {group.numbered} AS SELECT {source_row} AS source_row, "
        "staged.rowid AS staged_row, "
        + "".join(f"{sql} AS {name}, " for name, sql in particulars.items())
        + f"staged.* FROM {numbered_from}{kept_only}"
    )
    group.temporary_objects.append(("VIEW", group.numbered))


def drop_staged(connection: duckdb.DuckDBPyConnection, staged: StagedTable) -> None:
    for group in staged.groups:
        for kind, name in reversed(group.temporary_objects):
            connection.execute(f"DROP {kind} IF EXISTS {name}")


def _checked_header(table: ExtractTable, file: FileToStage) -> tuple[str, ...]:
    """The file's header names, after the faults its first bytes and header can show."""
    csv_inspection.check_bytes(file.path, file.file_name, file.nul_line)
    header = csv_inspection.read_header(file.path, file.file_name)
    missing = [c.name for c in table.required_columns if c.name not in header.names]
    if missing:
        noun = "column" if len(missing) == 1 else "columns"
        verb = "is" if len(missing) == 1 else "are"
        raise FileFault(
            f"{file.file_name}: required {noun} {', '.join(missing)} {verb} missing from the "
            f"header{csv_inspection.delimiter_hint(header)}"
        )
    return header.names


def _stage_group(
    connection: duckdb.DuckDBPyConnection,
    staged: StagedTable,
    header_names: tuple[str, ...],
    files: list[FileToStage],
) -> None:
    """Read the files in one statement; when DuckDB refuses them, one by one."""
    name = f"staged__{staged.table.name}__{len(staged.groups)}"
    try:
        staged.groups.append(_read_group(connection, staged.table, header_names, files, name))
    except duckdb.InvalidInputException as error:
        if "CSV Error" not in str(error):
            raise
        if len(files) == 1:
            staged.faults[files[0]] = _structure_fault(error, files[0], len(header_names))
            return
        for file in files:
            _stage_group(connection, staged, header_names, [file])


def _read_group(
    connection: duckdb.DuckDBPyConnection,
    table: ExtractTable,
    header_names: tuple[str, ...],
    files: list[FileToStage],
    name: str,
) -> StagedGroup:
    positions = {column_name: index for index, column_name in enumerate(header_names)}
    present = [c for c in table.columns if c.name in positions]
    faces = {c.name: _faces(c, positions[c.name]) for c in present}
    fields = [_field(index) for index in range(len(header_names))]
    # Stored: every field as delivered; its trimmed text only where trimming changes it (so
    # almost never a second copy of a string); and the parsed value where parsing does more
    # than trim. Each field is trimmed once, in the inner query.
    trims = [f"{_trimmed(faces[c.name].delivered)} AS {_trim(c)}" for c in present]
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
    connection.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS "
        f"SELECT CAST(file_index AS INTEGER) AS file_index, {', '.join(fields + trimmed + parsed)} "
        f"FROM (SELECT file_index, {', '.join(fields + trims)} "
        f"FROM {_read_csv([f.path for f in files], len(header_names))})"
    )
    counts = connection.execute(
        f"SELECT file_index, count(*), min(rowid) FROM {name} GROUP BY file_index"
    ).fetchall()
    rows = {index: count for index, count, _ in counts}
    return StagedGroup(
        table=table,
        files=tuple(files),
        header_names=header_names,
        faces=faces,
        staged=name,
        numbered=name.replace("staged__", "numbered__", 1),
        rows={index: rows.get(index, 0) for index in range(len(files))},
        first_rows={index: first for index, _, first in counts},
        temporary_objects=[("TABLE", name)],
    )


def _blank_row_shifts(connection: duckdb.DuckDBPyConnection, group: StagedGroup) -> str | None:
    """A table of where empty lines shift row numbers, for the files that have them.

    A file's lines (from file_facts) match its rows when every line is one record; only the
    other files are walked record by record to number their rows as a spreadsheet does."""
    shifts = [
        (index, group.first_rows.get(index, 0) + first_record, blank_rows)
        for index, file in enumerate(group.files)
        if file.content_lines != group.rows[index] + 1
        for first_record, blank_rows in csv_inspection.blank_row_offsets(file.path)
    ]
    if not shifts:
        return None
    name = group.staged.replace("staged__", "blank_rows__", 1)
    connection.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} "
        "(file_index BIGINT, first_row BIGINT, blank_rows BIGINT)"
    )
    connection.executemany(f"INSERT INTO {name} VALUES (?, ?, ?)", shifts)
    group.temporary_objects.append(("TABLE", name))
    return name


def per_file(values: Iterable[object]) -> str:
    """SQL for a value per file of the group: a list indexed by the row's file_index."""
    return f"[{', '.join(str(value) for value in values)}][staged.file_index + 1]"


def file_particulars(files) -> dict[str, str]:
    """SQL for what each row's file says of it (its snapshot's batch number, authority,
    extract date, source file and load id), by the name the numbered view gives it."""
    return {
        "snapshot": per_file(f.snapshot for f in files),
        "la_code": per_file(literal(f.la_code) for f in files),
        "snapshot_date": per_file(f"DATE '{f.snapshot_date.isoformat()}'" for f in files),
        "source_file": per_file(literal(f.source_file) for f in files),
        "load_id": per_file(literal(f.load_id) for f in files),
    }


def _structure_fault(
    error: duckdb.InvalidInputException, file: FileToStage, width: int
) -> str:
    described = csv_inspection.describe_structure_fault(file.path, file.file_name, width)
    return described or f"{file.file_name} could not be read as CSV: {_first_line(error)}"


def _field(index: int) -> str:
    return f"d{index}"


def _non_empty(text_sql: str) -> str:
    return f"nullif({text_sql}, '')"


def _trimmed(field_sql: str) -> str:
    """SQL for trim() of the field, trimming only fields that may need it: trim() removes
    Unicode space separators, of which the only ASCII one is the space, so a plain ASCII field
    (as many bytes as characters) that neither starts nor ends with a space is its own trim.
    Testing that costs a fraction of trimming every field."""
    return (
        f"CASE WHEN {field_sql} LIKE ' %' OR {field_sql} LIKE '% ' "
        f"OR strlen({field_sql}) <> length({field_sql}) THEN trim({field_sql}) ELSE {field_sql} END"
    )


def _trim(column: Column) -> str:
    return identifier(column.name + "__trim")


def _faces(column: Column, position: int) -> ColumnFaces:
    delivered = _field(position)
    text = f"nullif(coalesce({identifier(column.name + '__trimmed')}, {delivered}), '')"
    parsed = text if PARSERS[column.kind].is_identity else identifier(column.name)
    return ColumnFaces(delivered=delivered, text=text, parsed=parsed)


def _read_csv(paths: list[Path], width: int) -> str:
    """read_csv with nothing left to guessing: the format's dialect, every field as text."""
    columns = ", ".join(f"{literal(_field(i))}: 'VARCHAR'" for i in range(width))
    listed = ", ".join(literal(str(path)) for path in paths)
    return (
        f"read_csv([{listed}], columns = {{{columns}}}, header = true, "
        "auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        f"strict_mode = true, null_padding = false, max_line_size = {_MAX_LINE_BYTES})"
    )


def _first_line(error: Exception) -> str:
    lines = str(error).splitlines()
    return lines[0] if lines else type(error).__name__
