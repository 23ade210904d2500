"""Hand-worked Annex A workbooks for the tests, written cell by cell with a writer library.

    write_annex_a(landing, [
        sheet("List 3", ["Child Unique ID", "Date of Referral"], [["C1", date(2024, 5, 1)]]),
        sheet("List 4", ["Child Unique ID", "Continuous Assessment Start Date"]),
        sheet("List 5", ["Child Unique ID", "S47 Start Date"]),
    ], day="2024-06-30")

writes `<landing>/901/2024-06-30/annex_a.xlsx` and `_SUCCESS`. A cell is what the writer
would store: text, a number, a `date` or `datetime` (a date cell, shown as dd/mm/yyyy), a
`time`, a bool, None (blank), `Formula("=B2+5", saved=date(...))` (a formula and the value
Excel saved with it), `Formula("=B2+5")` (a formula with no saved value, as a program that does
not calculate writes it), `Error("#N/A")` (a formula whose saved value is that error),
`Styled(1.5, "[h]:mm")` (a number with a number format) or `Rich(("plain", "bold"))`.

Workbooks are written by xlsxwriter; one holding a formula without a saved value by openpyxl
(xlsxwriter always saves a value), which cannot save a formula's value too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import xlsxwriter
import xlsxwriter.utility

LA = "901"
DAY = "2024-06-30"
EXTRACT_DATE = dt.date(2024, 6, 30)

# Each required list's template headings for its child id and its own date.
LIST_DATES = {
    3: "Date of Referral",
    4: "Continuous Assessment Start Date",
    5: "Strategy discussion initiating Section 47 Enquiry Start Date",
}


@dataclass(frozen=True)
class Formula:
    formula: str  # "=B2+5"
    saved: object = None  # the value saved with it; None: no saved value


@dataclass(frozen=True)
class Error:
    text: str  # "#N/A": a formula whose saved value is this spreadsheet error


@dataclass(frozen=True)
class Styled:
    value: object  # a number shown with an Excel number format: Styled(1.5, "[h]:mm")
    number_format: str


@dataclass(frozen=True)
class Rich:
    parts: tuple[str, ...]  # rich text: the parts alternate plain and bold


@dataclass
class Sheet:
    name: str
    headings: list[str]
    rows: list[list[object]] = field(default_factory=list)
    above: list[list[object]] = field(default_factory=list)  # title rows above the header
    hidden: bool = False
    merged: list[str] = field(default_factory=list)  # ranges such as "A1:C1"


def sheet(name: str, headings: list[str], rows: list[list[object]] | None = None, **more) -> Sheet:
    return Sheet(name, headings, rows or [], **more)


def required_lists(**sheets: Sheet) -> list[Sheet]:
    """Lists 3, 4 and 5, empty but for a child id and their own date, unless given
    (`list_4=sheet(...)`)."""
    return [
        sheets.get(f"list_{n}", sheet(f"List {n}", ["Child Unique ID", LIST_DATES[n]]))
        for n in (3, 4, 5)
    ] + [s for key, s in sheets.items() if key not in ("list_3", "list_4", "list_5")]


def write_annex_a(
    landing: Path,
    sheets: list[Sheet],
    *,
    la: str = LA,
    day: str = DAY,
    complete: bool = True,
    file_name: str = "annex_a.xlsx",
) -> Path:
    """Write the workbook into the snapshot folder, then `_SUCCESS`; returns the folder."""
    folder = landing / la / day
    folder.mkdir(parents=True, exist_ok=True)
    write_workbook(folder / file_name, sheets)
    if complete:
        (folder / "_SUCCESS").write_bytes(b"")
    return folder


def write_workbook(path: Path, sheets: list[Sheet]) -> Path:
    cells = [cell for s in sheets for row in (*s.above, s.headings, *s.rows) for cell in row]
    unsaved = any(isinstance(c, Formula) and c.saved is None for c in cells)
    saved = any(isinstance(c, Error) or isinstance(c, Formula) and c.saved is not None for c in cells)
    if unsaved:
        if saved:
            raise ValueError("openpyxl cannot save a formula's value: use two workbooks")
        _write_with_openpyxl(path, sheets)
    else:
        _write_with_xlsxwriter(path, sheets)
    return path


def _write_with_xlsxwriter(path: Path, sheets: list[Sheet]) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    date_time_format = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    time_format = workbook.add_format({"num_format": "hh:mm"})
    for s in sheets:
        worksheet = workbook.add_worksheet(s.name)
        for r, row in enumerate([*s.above, s.headings, *s.rows]):
            for c, value in enumerate(row):
                if isinstance(value, Formula):
                    saved = value.saved
                    style = date_format if isinstance(saved, dt.date) else None
                    if isinstance(saved, dt.date):
                        saved = (saved - dt.date(1899, 12, 30)).days
                    worksheet.write_formula(r, c, value.formula, style, saved)
                elif isinstance(value, Error):
                    worksheet.write_formula(r, c, "=NA()", None, value.text)
                elif isinstance(value, Styled):
                    style = workbook.add_format({"num_format": value.number_format})
                    worksheet.write_number(r, c, value.value, style)
                elif isinstance(value, Rich):
                    bold = workbook.add_format({"bold": True})
                    parts = [p for i, text in enumerate(value.parts) for p in ((bold, text) if i % 2 else (text,))]
                    worksheet.write_rich_string(r, c, *parts)
                elif isinstance(value, dt.datetime):
                    worksheet.write_datetime(r, c, value, date_time_format)
                elif isinstance(value, dt.date):
                    worksheet.write_datetime(r, c, value, date_format)
                elif isinstance(value, dt.time):
                    worksheet.write_datetime(r, c, value, time_format)
                elif isinstance(value, str):
                    worksheet.write_string(r, c, value)
                elif value is not None:
                    worksheet.write(r, c, value)
        grid = [*s.above, s.headings, *s.rows]
        for cells in s.merged:
            (first_row, first_column), _ = (xlsxwriter.utility.xl_cell_to_rowcol(c) for c in cells.split(":"))
            worksheet.merge_range(cells, grid[first_row][first_column])
        if s.hidden:
            worksheet.hide()
    workbook.close()


def _write_with_openpyxl(path: Path, sheets: list[Sheet]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for s in sheets:
        worksheet = workbook.create_sheet(s.name)
        for row in (*s.above, s.headings, *s.rows):
            worksheet.append([c.formula if isinstance(c, Formula) else c for c in row])
        if s.hidden:
            worksheet.sheet_state = "hidden"
    workbook.save(path)
