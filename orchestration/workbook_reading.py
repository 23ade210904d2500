"""Reading an Annex A workbook: its list sheets as rows of delivered text, or why it cannot be.

python-calamine reads the cells, a formula's saved value included. Two things it cannot say
(it gives both as blank cells) come from a scan of the sheet's XML, made only for sheets whose
XML holds a formula or an error cell: which cells hold a spreadsheet error (`#N/A`, `#REF!` ...,
kept as delivered, then read as empty values like any other), and which formulas have no saved
value (a workbook written by a program that does not calculate: kept as the formula's text, read
as empty, and noted).

Every cell becomes its delivered text here, whatever its type: text as it is; a whole number
without a decimal point (`9212044.0` is `9212044`), other numbers as Python writes them; a date
cell as `YYYY-MM-DD` (with ` HH:MM:SS` when it has a time of day); a time or a duration as Python
writes it (no date: read as unreadable where a date belongs); `TRUE` / `FALSE`. So the loader
parses every value from text, by the same set-based rules as a CSV file's (validation_rules).

The rules of the sheets, the header rows and the headings are the description's
(orchestration/formats/annex_a.yaml, applied by description.WorkbookRules); this module only
walks the cells. A fault of the whole workbook (not readable, password-protected, an `.xls`
renamed, empty, a required list missing, a list twice, a list without a header row or without a
required column) raises WorkbookFault with every fault found, in plain words.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import python_calamine
from defusedxml import ElementTree

from orchestration.formats.description import FormatDescription, TableDescription
from orchestration.plain_words import joined
from orchestration.workbook_format import list_title

# The first bytes of an OLE2 compound file: an Excel 97-2003 workbook (.xls), or a workbook
# encrypted with a password (Office keeps the encrypted package in one).
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ZIP_MAGIC = b"PK\x03\x04"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Largest number written as a whole number (beyond it a float has no exact units).
_WHOLE_NUMBER_LIMIT = 2**53


class WorkbookFault(Exception):
    """The workbook cannot be loaded; the message says why in plain words.

    `faults` holds each fault with the lists (raw table names) it concerns: none for a fault of
    the whole file, the missing lists for a missing one, a sheet's list for a sheet's fault."""

    def __init__(self, faults: str | list[tuple[tuple[str, ...], str]]):
        self.faults = [((), faults)] if isinstance(faults, str) else list(faults)
        super().__init__("; ".join(message for _, message in self.faults))


@dataclass(frozen=True)
class SheetRow:
    """One row of a list sheet below its header that is not fully empty."""

    excel_row: int  # the row's number as Excel shows it
    values: dict[str, str | None]  # list column -> delivered text (None: blank)
    extras: dict[str, str | None]  # heading of an unknown (or ignored) column -> delivered text
    unsaved_formulas: tuple[str, ...] = ()  # list columns whose formula has no saved value


@dataclass(frozen=True)
class ListSheet:
    """A sheet holding one of the format's lists."""

    sheet_name: str  # as delivered
    table: TableDescription
    hidden: bool
    header_row: int | None  # as Excel shows it; None for a sheet with no cells at all
    headings: dict[str, str]  # list column -> its heading as delivered
    rows: tuple[SheetRow, ...]


@dataclass(frozen=True)
class WorkbookContents:
    lists: tuple[ListSheet, ...]  # by list number
    ignored_sheets: tuple[str, ...]  # sheets that are no list, in workbook order
    notes: tuple[str, ...] = field(default=())  # plain words for the load's notes


def read_workbook(path: Path, file_name: str, description: FormatDescription) -> WorkbookContents:
    """The workbook's list sheets; WorkbookFault (with every fault found) when it cannot load."""
    _check_container(path, file_name)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise WorkbookFault(_password_protected(file_name)) from None
    except Exception as error:  # calamine's errors name the part of the file it choked on
        raise WorkbookFault(
            f"{file_name} could not be read as an Excel workbook (.xlsx): it is damaged, or not "
            f"a workbook; the reader said: {_first_line(error)}"
        ) from None
    with workbook:
        return _read_lists(workbook, path, file_name, description)


def _check_container(path: Path, file_name: str) -> None:
    """Faults a workbook's first bytes show: empty, an OLE2 file, not a zip archive."""
    with path.open("rb") as handle:
        start = handle.read(8)
    if not start:
        raise WorkbookFault(f"{file_name} is empty (0 bytes): deliver the workbook again")
    if start == _OLE2_MAGIC:
        if _ENCRYPTED_PACKAGE in path.read_bytes():
            raise WorkbookFault(_password_protected(file_name))
        raise WorkbookFault(
            f"{file_name} is an Excel 97-2003 workbook (.xls) named .xlsx: open it in Excel and "
            "save it as an Excel Workbook (.xlsx)"
        )
    if not start.startswith(_ZIP_MAGIC):
        raise WorkbookFault(
            f"{file_name} is not an Excel workbook (.xlsx): an .xlsx file is a zip archive and "
            "this file is not one (a CSV or other file renamed?)"
        )
    if not zipfile.is_zipfile(path):
        raise WorkbookFault(
            f"{file_name} is damaged or cut short: it begins as an .xlsx file does but cannot be "
            "opened as one (was it still being copied?); deliver the workbook again"
        )


def _password_protected(file_name: str) -> str:
    return (
        f"{file_name} is password-protected (encrypted), so it cannot be read: save a copy "
        "without the password and deliver that"
    )


def _read_lists(
    workbook: python_calamine.CalamineWorkbook,
    path: Path,
    file_name: str,
    description: FormatDescription,
) -> WorkbookContents:
    rules = description.workbook
    by_number = {table.list_number: table for table in description.tables}
    found: dict[int, list[python_calamine.SheetMetadata]] = {}
    ignored: list[str] = []
    for sheet in workbook.sheets_metadata:
        number = rules.list_number(sheet.name)
        if number in by_number and sheet.typ == python_calamine.SheetTypeEnum.WorkSheet:
            found.setdefault(number, []).append(sheet)
        else:
            ignored.append(sheet.name)
    faults = [
        (
            (by_number[number].name,),
            f"sheets {joined([repr(s.name) for s in sheets])} "
            f"{'both' if len(sheets) == 2 else 'all'} hold List {number}: keep one",
        )
        for number, sheets in sorted(found.items())
        if len(sheets) > 1
    ]
    missing = [n for n in sorted(by_number) if not by_number[n].optional and n not in found]
    if missing:
        titles = joined([list_title(by_number[n]) for n in missing], "or")
        required = joined([f"List {n}" for n in sorted(by_number) if not by_number[n].optional])
        message = (
            f"{file_name} has no {titles}: a workbook must hold {required}, each on a sheet "
            f"named for it (\"List 3\", \"L3\", \"List 3 - Referrals\" ...); its sheets are "
            f"{joined([repr(s.name) for s in workbook.sheets_metadata]) or 'none'}"
        )
        faults.insert(0, (tuple(by_number[n].name for n in missing), message))
    special = _special_cells(path, [s[0].name for s in found.values() if len(s) == 1])
    lists = []
    for number, sheets in sorted(found.items()):
        if len(sheets) > 1:
            continue
        sheet = sheets[0]
        try:
            lists.append(
                _read_sheet(
                    workbook.get_sheet_by_name(sheet.name),
                    sheet,
                    by_number[number],
                    description,
                    special.get(sheet.name, {}),
                )
            )
        except WorkbookFault as fault:
            faults += [((by_number[number].name,), message) for _, message in fault.faults]
    if faults:
        raise WorkbookFault(faults)
    notes = []
    if ignored:
        notes.append(f"sheets that are not lists, ignored: {joined([repr(n) for n in ignored])}")
    hidden = [s.sheet_name for s in lists if s.hidden]
    if hidden:
        notes.append(f"hidden sheets loaded as lists: {joined([repr(n) for n in hidden])}")
    return WorkbookContents(tuple(lists), tuple(ignored), tuple(notes))


def _read_sheet(
    sheet: python_calamine.CalamineSheet,
    metadata: python_calamine.SheetMetadata,
    table: TableDescription,
    description: FormatDescription,
    special: dict[tuple[int, int], tuple[str, str]],
) -> ListSheet:
    """The list's rows below its header; a WorkbookFault for a sheet that cannot load."""
    rules = description.workbook
    hidden = metadata.visible != python_calamine.SheetVisibleEnum.Visible
    name = metadata.name
    header_keys = {rules.heading_key(h) for h in table.column(table.header_column).headings}
    header_at = None
    positions: dict[str, int] = {}
    extras: dict[str, int] = {}
    headings: dict[str, str] = {}
    rows = []
    any_cell = False
    for index, line in _lines(sheet, special):
        any_cell = True
        if header_at is None:
            if any(text is not None and rules.heading_key(text) in header_keys for text in line):
                header_at = index
                positions, extras, headings = _columns(name, table, rules, line)
            continue
        cell = lambda position: line[position] if position < len(line) else None  # noqa: E731
        rows.append(
            SheetRow(
                excel_row=index + 1,
                values={column: cell(position) for column, position in positions.items()},
                extras={heading: cell(position) for heading, position in extras.items()},
                unsaved_formulas=tuple(
                    column
                    for column, position in positions.items()
                    if special.get((index, position), ("",))[0] == "formula"
                ),
            )
        )
    if header_at is None and any_cell:
        raise WorkbookFault(
            f"sheet {name!r} (List {table.list_number}) has no header row: no row holds a "
            f"{table.header_column} heading ({joined(table.column(table.header_column).headings, 'or')})"
        )
    return ListSheet(
        name, table, hidden, None if header_at is None else header_at + 1, headings, tuple(rows)
    )


def _lines(
    sheet: python_calamine.CalamineSheet, special: dict[tuple[int, int], tuple[str, str]]
) -> Iterator[tuple[int, list[str | None]]]:
    """(row index from 0, the row's delivered texts by column from A) for every row that is not
    fully empty, the special cells laid over calamine's."""
    by_row: dict[int, dict[int, str]] = {}
    for (row, column), (_, text) in special.items():
        by_row.setdefault(row, {})[column] = text
    first_row, first_column = sheet.start or (0, 0)
    index = first_row - 1
    for index, values in enumerate(sheet.iter_rows(), start=first_row):
        line = [None] * first_column + [_text(value) for value in values]
        for column, text in by_row.pop(index, {}).items():
            line.extend([None] * (column + 1 - len(line)))
            line[column] = text
        if any(text is not None and text.strip() for text in line):
            yield index, line
    for row in sorted(by_row):  # cells only the scan found, in rows calamine does not reach
        line: list[str | None] = []
        for column, text in by_row[row].items():
            line.extend([None] * (column + 1 - len(line)))
            line[column] = text
        yield row, line


def _columns(sheet_name, table: TableDescription, rules, header: list[str | None]):
    """The header's cells as list columns (position by column), extra columns (position by
    heading) and the headings the list's columns were given; faults for a column given twice
    or a required column without a heading."""
    known = {
        rules.heading_key(heading): column
        for column in table.columns
        for heading in column.headings
    }
    positions: dict[str, int] = {}
    headings: dict[str, str] = {}
    extras: dict[str, int] = {}
    faults = []
    for position, text in enumerate(header):
        heading = (text or "").strip()
        column = known.get(rules.heading_key(heading)) if heading else None
        if column is None or column.kind == "ignored":
            label = heading or f"column {_letters(position)}"
            if label in extras:
                label = f"{label} (column {_letters(position)})"
            extras[label] = position
            continue
        if column.name in positions:
            faults.append(
                f"sheet {sheet_name!r} (List {table.list_number}): headings "
                f"{headings[column.name]!r} (column "
                f"{_letters(positions[column.name])}) and {heading!r} (column {_letters(position)}) "
                f"both mean {column.name}: keep one"
            )
            continue
        positions[column.name] = position
        headings[column.name] = heading
    for column in table.columns:
        if column.required and column.name not in positions:
            faults.append(
                f"sheet {sheet_name!r} (List {table.list_number}): the required column "
                f"{column.name} has no heading (expected {joined(column.headings, 'or')})"
            )
    if faults:
        raise WorkbookFault("; ".join(faults))
    return positions, extras, headings


def _text(value: object) -> str | None:
    """A cell's value as delivered text (see the module's docstring); None for a blank cell."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < _WHOLE_NUMBER_LIMIT:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)  # a time of day, a duration, anything else


def _special_cells(
    path: Path, sheet_names: Iterable[str]
) -> dict[str, dict[tuple[int, int], tuple[str, str]]]:
    """For each named sheet, the cells calamine reads as blank that are not: (row, column),
    counted from 0, to ("error", "#N/A") or ("formula", "=B2+5") for a formula without a saved
    value. Only sheets whose XML holds a formula or an error are parsed."""
    wanted = set(sheet_names)
    found: dict[str, dict[tuple[int, int], tuple[str, str]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for name, part in _sheet_parts(archive).items():
                if name not in wanted or part not in archive.namelist():
                    continue
                data = archive.read(part)
                if b"<f" in data or b":f>" in data or b":f " in data or b't="e"' in data:
                    found[name] = _scan_sheet(data)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, ValueError):
        return found  # calamine read the cells; what it could not say stays unsaid
    return found


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the path of its XML part in the archive."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relationships = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in relationships.iter(f"{_PACKAGE_RELATIONSHIPS}Relationship")
    }
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_RELATIONSHIPS}id"), "")
        parts[sheet.get("name")] = (
            target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        )
    return parts


def _scan_sheet(data: bytes) -> dict[tuple[int, int], tuple[str, str]]:
    cells: dict[tuple[int, int], tuple[str, str]] = {}
    for _, element in ElementTree.iterparse(io.BytesIO(data), events=("end",)):
        if element.tag != f"{_MAIN}c":
            if element.tag == f"{_MAIN}row":
                element.clear()
            continue
        reference = element.get("r")
        formula = element.find(f"{_MAIN}f")
        saved = element.find(f"{_MAIN}v")
        kind = element.get("t")
        if reference:
            place = _place(reference)
            if kind == "e" and saved is not None and saved.text:
                cells[place] = ("error", saved.text)
            elif formula is not None and (
                saved is None or (not saved.text and kind not in ("str", "inlineStr"))
            ):
                cells[place] = ("formula", "=" + (formula.text or "(a shared formula)"))
    return cells


def _place(reference: str) -> tuple[int, int]:
    """"B12" -> (11, 1)."""
    letters = reference.rstrip("0123456789")
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(reference[len(letters):]) - 1, column - 1


def _letters(position: int) -> str:
    """0 -> "A", 26 -> "AA": a column as Excel names it."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _first_line(error: Exception) -> str:
    lines = str(error).splitlines()
    return lines[0] if lines else type(error).__name__
