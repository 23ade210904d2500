"""Writing a snapshot's Annex A lists as ``annex_a.xlsx``: tidy, or untidy as real ones are.

The workbook follows the format's description (``orchestration/formats/annex_a.yaml``): a sheet
per list, the template's headings (every column the list describes, ``Age`` included), dates
as date cells. At a defect rate of 0 it is tidy: sheets ``List 3`` ..., the template's first
heading for each column, codes as the code (``M``, ``WBRI``, ``HAND``), yes/no as ``Yes`` /
``No``, no title rows, no cover sheet.

Above 0 it is untidy the way authorities' workbooks are:

- its presentation, drawn for each workbook: a cover sheet (half of them); each sheet's name in
  one of the forms a list is known by (``List 4``, ``List 4 - Assessments``, ``L4``, ``list4``,
  ``LIST_4``), up to three title rows above the header, each heading in one of the format's
  headings for the column and a variant of it (case, a trailing ``?``, ``(Y/N)``, a
  non-breaking space), each coded column's answers in one form (``a) Male``, ``1 - Male``,
  ``Male``, ``M``; ``(A.A1) WBRI``, ``a) WBRI``; ``a) Yes``, ``Y``, ``1``, TRUE);
- a share ``rate`` of each list's rows given one defect each, its kind drawn evenly from those
  the row can carry: valid variants that load unchanged (``text_date``: a date as text
  ``DD/MM/YYYY``, ``D/M/YY`` or ``YYYY-MM-DD``; ``serial_date``: an Excel serial number, as a
  number or as text; ``date_time``: a date cell with a time of day; ``formula_date``: a formula
  ``=DATE(...)`` with its saved value; ``padded_id``: the child id with spaces or a non-breaking
  space around it), values the loader reads as empty (``error_optional``: ``#N/A`` in an
  optional column; ``unreadable_optional``: ``CS Assessment Updated`` where yes/no belongs,
  ``TBC`` where a date does: loaded as empty and noted), and rows it quarantines
  (``error_required``: ``#N/A`` as the list's own date; ``missing_child``; ``duplicate``, the
  row written twice; ``future_date``, the list's date after the extract date; ``end_before_start``).

Child ids are the SSD extract's ``pers_person_id`` (text), so one authority can be loaded both
ways and compared; they are never written as numbers (the extract's ids are not numbers).
Same seed and options, same bytes: every draw comes from the snapshot's own stream, and the
workbook's times are fixed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import xlsxwriter

from orchestration.formats.description import CodeList, ColumnDescription, TableDescription, load_format
from seeds.annex_a_lists import ListRows

ANNEX_A = load_format("annex_a")
WORKBOOK_NAME = ANNEX_A.delivery["file_name"]
_TABLES = {table.list_number: table for table in ANNEX_A.tables}
_FIXED_TIME = dt.datetime(2000, 1, 1)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
NBSP = "\u00a0"

VARIANT_KINDS = ("text_date", "serial_date", "date_time", "formula_date", "padded_id")
EMPTIED_KINDS = ("error_optional", "unreadable_optional")
QUARANTINED_KINDS = ("error_required", "missing_child", "duplicate", "future_date", "end_before_start")
DEFECT_KINDS = VARIANT_KINDS + EMPTIED_KINDS + QUARANTINED_KINDS

_SHEET_NAME_FORMS = ("List {n}", "List {n} - {subject}", "L{n}", "list{n}", "LIST_{n}")
_YES_NO_STYLES = (
    ("Yes", "No"), ("Y", "N"), ("a) Yes", "b) No"), ("1", "0"), (True, False), ("1 - Yes", "0 - No"),
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class _Presentation:
    """How one workbook looks: drawn once per workbook."""

    cover: bool
    sheet_names: dict[int, str]
    title_rows: dict[int, int]
    headings: dict[tuple[int, str], str]
    answer_styles: dict[tuple[int, str], int]


def write_workbook(
    folder: Path,
    lists: list[ListRows],
    extract_date: dt.date,
    rng: np.random.Generator,
    rate: float,
) -> dict:
    """Write ``annex_a.xlsx`` into the folder; the rows written per list and defects by kind."""
    untidy = rate > 0
    presentation = _presentation(rng, lists, untidy)
    workbook = xlsxwriter.Workbook(
        str(folder / WORKBOOK_NAME), {"constant_memory": True, "strings_to_numbers": False}
    )
    workbook.set_properties({"created": _FIXED_TIME, "title": "Annex A"})
    formats = {
        "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
        "date_time": workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
    }
    counts: Counter[str] = Counter()
    rows_written: dict[str, int] = {}
    if presentation.cover:
        cover = workbook.add_worksheet("Cover")
        cover.write_string(0, 0, "Annex A: child level data")
        cover.write_string(1, 0, f"Extract date {extract_date:%d/%m/%Y}")
    for rows in lists:
        table = _TABLES[rows.number]
        worksheet = workbook.add_worksheet(presentation.sheet_names[rows.number])
        line = 0
        for title in range(presentation.title_rows[rows.number]):
            worksheet.write_string(line, 0, f"{table.title} (extract {extract_date:%d/%m/%Y})"
                                   if title == 0 else "Prepared for Ofsted")
            line += 1
        columns = _columns(table)
        for position, column in enumerate(columns):
            worksheet.write_string(line, position, presentation.headings[(rows.number, column.name)])
        line += 1
        by_name = {name: index for index, name in enumerate(rows.columns)}
        values = [[row[by_name[c.name]] if c.name in by_name else None for c in columns] for row in rows.rows]
        cells, written = _untidy_rows(rng, table, columns, values, extract_date, rate, counts) if untidy else (
            [[_Cell(v) for v in row] for row in values], len(values)
        )
        for row in cells:
            for position, (column, cell) in enumerate(zip(columns, row)):
                _write(worksheet, formats, line, position, column, cell,
                       presentation.answer_styles.get((rows.number, column.name), 0))
            line += 1
        rows_written[table.name] = written
    workbook.close()
    return {"rows": rows_written, "defects": {kind: counts[kind] for kind in DEFECT_KINDS}}


def _columns(table: TableDescription) -> list[ColumnDescription]:
    return list(table.columns)


def _presentation(rng: np.random.Generator, lists: list[ListRows], untidy: bool) -> _Presentation:
    if not untidy:
        return _Presentation(
            cover=False,
            sheet_names={rows.number: f"List {rows.number}" for rows in lists},
            title_rows={rows.number: 0 for rows in lists},
            headings={
                (rows.number, c.name): c.headings[0] for rows in lists for c in _TABLES[rows.number].columns
            },
            answer_styles={},
        )
    sheet_names, title_rows, headings, styles = {}, {}, {}, {}
    for rows in lists:
        table = _TABLES[rows.number]
        subject = table.title.partition(" - ")[2].capitalize()
        form = _SHEET_NAME_FORMS[rng.integers(len(_SHEET_NAME_FORMS))]
        sheet_names[rows.number] = form.format(n=rows.number, subject=subject)[:31]
        title_rows[rows.number] = int(rng.integers(0, 4))
        for column in table.columns:
            headings[(rows.number, column.name)] = _heading_variant(rng, column)
            styles[(rows.number, column.name)] = int(rng.integers(0, 6))
    return _Presentation(bool(rng.random() < 0.5), sheet_names, title_rows, headings, styles)


def _heading_variant(rng: np.random.Generator, column: ColumnDescription) -> str:
    heading = column.headings[int(rng.integers(len(column.headings)))]
    change = int(rng.integers(0, 6))
    if change == 1:
        heading = heading.upper()
    elif change == 2:
        heading = heading.lower()
    elif change == 3:
        heading += " (Y/N)" if column.kind == "flag" else "?"
    elif change == 4:
        heading = heading.replace(" ", NBSP, 1)
    elif change == 5:
        heading = f" {heading}  "
    return heading


@dataclass(frozen=True)
class _Cell:
    value: object
    form: str = "plain"  # plain, text, serial_number, serial_text, date_time, formula, error


def _own_date(table: TableDescription) -> str:
    """The list's own date: the required date of its natural key."""
    return table.natural_key[-1]


def _untidy_rows(rng, table, columns, values, extract_date, rate, counts) -> tuple[list[list[_Cell]], int]:
    """The rows' cells with a share ``rate`` of rows given one defect each."""
    cells = [[_Cell(v) for v in row] for row in values]
    n = len(values)
    count = min(n, int(np.floor(rate * n + 0.5)))
    if count == 0:
        return cells, n
    index = {c.name: i for i, c in enumerate(columns)}
    own = index.get(_own_date(table)) if len(table.natural_key) > 1 else None
    dates = [i for i, c in enumerate(columns) if c.kind == "date" and not c.direct_identifier]
    optional = [i for i, c in enumerate(columns) if not c.required and c.kind in ("date", "flag", "code")
                and not c.direct_identifier]
    pairs = [(index[p.start], index[p.end]) for p in table.date_pairs]
    duplicates = []
    for row in sorted(rng.choice(n, size=count, replace=False)):
        line = values[row]
        present = [i for i in dates if line[i] is not None]
        pair_ok = [(s, e) for s, e in pairs if line[s] is not None and line[e] is not None]
        possible = {
            "text_date": present, "serial_date": present, "date_time": present,
            "formula_date": present, "padded_id": [index["child_id"]] if "child_id" in index else [],
            "error_optional": [i for i in optional if line[i] is not None],
            "unreadable_optional": [i for i in optional if columns[i].kind in ("date", "flag")],
            "error_required": [own] if own is not None else [],
            "missing_child": [index["child_id"]] if "child_id" in index else [],
            "duplicate": [0], "future_date": [own] if own is not None else [],
            "end_before_start": [e for _, e in pair_ok],
        }
        kinds = [k for k in DEFECT_KINDS if possible[k]]
        kind = kinds[int(rng.integers(len(kinds)))]
        at = possible[kind][int(rng.integers(len(possible[kind])))]
        counts[kind] += 1
        cell = cells[row][at]
        if kind == "text_date":
            day = cell.value
            texts = (f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day:%y}", day.isoformat())
            cells[row][at] = _Cell(texts[int(rng.integers(3))], "text")
        elif kind == "serial_date":
            serial = (cell.value - _EXCEL_EPOCH).days
            cells[row][at] = _Cell(serial, "serial_number") if rng.random() < 0.5 else _Cell(str(serial), "text")
        elif kind == "date_time":
            time = dt.time(int(rng.integers(8, 18)), int(rng.integers(0, 60)))
            cells[row][at] = _Cell(dt.datetime.combine(cell.value, time), "date_time")
        elif kind == "formula_date":
            cells[row][at] = _Cell(cell.value, "formula")
        elif kind == "padded_id":
            pad = (" ", NBSP, "  ")[int(rng.integers(3))]
            cells[row][at] = _Cell(f"{pad}{cell.value}{pad}", "text")
        elif kind in ("error_optional", "error_required"):
            cells[row][at] = _Cell("#N/A", "error")
        elif kind == "unreadable_optional":
            cells[row][at] = _Cell("CS Assessment Updated" if columns[at].kind == "flag" else "TBC", "text")
        elif kind == "missing_child":
            cells[row][at] = _Cell(None)
        elif kind == "duplicate":
            duplicates.append(row)
        elif kind == "future_date":
            cells[row][at] = _Cell(extract_date + dt.timedelta(days=int(rng.integers(1, 120))))
        elif kind == "end_before_start":
            start = next(s for s, e in pair_ok if e == at)
            cells[row][at] = _Cell(line[start] - dt.timedelta(days=int(rng.integers(1, 60))))
    for row in sorted(duplicates, reverse=True):
        cells.insert(row + 1, list(cells[row]))
    return cells, len(cells)


def _answer(codes: CodeList, code: str, style: int) -> str:
    """A code written in one of the forms the format reads: the code, a word, the template's
    letter, a code and a description, the older census form."""
    spellings = codes.spellings_of(code)
    word = next((s for s in spellings[1:] if s.replace(" ", "").replace("/", "").isalpha()), None)
    number = next((s for s in spellings[1:] if s.isdigit()), None)
    letter = _LETTERS[codes.codes.index(code) % 26]
    shown = (word or code).capitalize() if word else code
    short = next((s for s in spellings[1:] if len(s) == 2 and s[0].isalpha() and s[1].isdigit()), None)
    forms = (
        code,
        shown,
        f"{letter}) {shown}",
        f"{number} - {shown}" if number else f"{letter}) {code}",
        f"({short[0]}.{short}) {code}" if short else f"{code} - {shown}",
        code.lower(),
    )
    return forms[style % len(forms)]


def _write(worksheet, formats, row: int, position: int, column: ColumnDescription, cell: _Cell, style: int) -> None:
    value = cell.value
    if value is None:
        return
    if cell.form == "error":
        worksheet.write_formula(row, position, "=NA()", None, value)
    elif cell.form == "text":
        worksheet.write_string(row, position, value)
    elif cell.form == "serial_number":
        worksheet.write_number(row, position, value)
    elif cell.form == "date_time":
        worksheet.write_datetime(row, position, value, formats["date_time"])
    elif cell.form == "formula":
        worksheet.write_formula(
            row, position, f"=DATE({value.year},{value.month},{value.day})", formats["date"],
            (value - _EXCEL_EPOCH).days,
        )
    elif isinstance(value, dt.date):
        worksheet.write_datetime(row, position, value, formats["date"])
    elif isinstance(value, bool):
        yes, no = _YES_NO_STYLES[style % len(_YES_NO_STYLES)]
        answer = yes if value else no
        if isinstance(answer, bool):
            worksheet.write_boolean(row, position, answer)
        else:
            worksheet.write_string(row, position, answer)
    elif isinstance(value, (int, float)):
        worksheet.write_number(row, position, value)
    elif column.kind == "code" and column.codes and value in column.codes.codes:
        worksheet.write_string(row, position, _answer(column.codes, value, style))
    else:
        worksheet.write_string(row, position, str(value))
