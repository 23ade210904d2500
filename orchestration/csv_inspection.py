"""Reading a CSV file's bytes in Python to name exactly what is wrong with it.

DuckDB reads the files (fast, in parallel); Python looks at the first bytes before that, reads
the header row, and, only when DuckDB has refused a file, walks it record by record to say in
plain words which row is at fault and how. Rows are numbered as a spreadsheet shows them: the
header is row 1, a record whose quoted field holds line breaks is still one row, and an empty
line is a row of its own.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_SNIFF_BYTES = 64 * 1024
# Far above any real field; the csv module's default (128 KiB) would refuse long free text.
_FIELD_SIZE_LIMIT = 1 << 30


class FileFault(Exception):
    """A file the snapshot cannot be loaded with; the message is for the people who fix it."""


@dataclass(frozen=True)
class Header:
    names: tuple[str, ...]  # lower-cased and trimmed, in file order


def check_bytes(path: Path, file_name: str, nul_line: int | None) -> None:
    """Refuse empty files and files that are plainly not UTF-8 text, from their first bytes and
    the first line holding a NUL byte anywhere in them (file_facts found it)."""
    with path.open("rb") as handle:
        start = handle.read(_SNIFF_BYTES)
    if not start:
        raise FileFault(
            f"{file_name} is empty (0 bytes): even a table with no rows needs its header row"
        )
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileFault(f"{file_name} is UTF-16 text: it must be saved as UTF-8 CSV")
    if nul_line is not None:
        raise FileFault(
            f"{file_name} is not a text file (line {nul_line} holds a NUL byte): it must be "
            "UTF-8 CSV"
        )


def delimiter_hint(header: Header) -> str:
    """Words for a header that looks split by semicolons or tabs rather than commas, or ""."""
    text = ",".join(header.names)
    commas = len(header.names) - 1
    for delimiter, name in ((";", "semicolons"), ("\t", "tabs")):
        if text.count(delimiter) > commas:
            return (
                f"; the header looks separated by {name}, not commas ({text.count(delimiter)} "
                f"{name}, {commas} commas): save the file as comma-separated CSV"
            )
    return ""


def read_header(path: Path, file_name: str) -> Header:
    """The header row's column names, lower-cased; faults for a missing or repeated name."""
    csv.field_size_limit(_FIELD_SIZE_LIMIT)
    with path.open("rb") as handle:
        records = csv.reader(_decoded_lines(handle), strict=True)
        try:
            fields = next(records, [])
        except _NotUtf8:
            raise FileFault(_not_utf8(file_name, row=1)) from None
        except csv.Error as error:
            raise FileFault(f"{file_name}: the header row is not valid CSV ({error})") from None
    if not fields:
        raise FileFault(
            f"{file_name}: the first line is empty; the file must start with its header row"
        )
    names = tuple(field.strip().lower() for field in fields)
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise FileFault(f"{file_name}: column {name} appears twice in the header")
        seen.add(name)
    return Header(names)


def describe_structure_fault(path: Path, file_name: str, header_width: int) -> str | None:
    """Walk the file record by record and describe its first structural fault, if any.

    Called only after DuckDB has refused the file, so exact words matter more than speed.
    """
    csv.field_size_limit(_FIELD_SIZE_LIMIT)
    row = 0  # the spreadsheet row of the last complete record; the header is row 1
    # A record of the wrong width, held until we know whether it is the file's last record.
    misfit: tuple[int, int] | None = None
    with path.open("rb") as handle:
        records = csv.reader(_decoded_lines(handle), strict=True)
        try:
            for fields in records:
                row += 1
                if not fields or row == 1:
                    continue
                if misfit is not None:
                    return _field_count_fault(file_name, *misfit, header_width, last=False)
                if len(fields) != header_width:
                    misfit = (row, len(fields))
        except _NotUtf8:
            return _not_utf8(file_name, row=row + 1)
        except csv.Error as error:
            if "unexpected end of data" in str(error):
                return (
                    f"{file_name} is truncated: it ends inside a quoted field that starts on "
                    f"row {row + 1}"
                )
            return f"{file_name} is not valid CSV: row {row + 1} has {_csv_error_words(error)}"
    if misfit is not None:
        return _field_count_fault(file_name, *misfit, header_width, last=True)
    return None


def blank_row_offsets(path: Path) -> list[tuple[int, int]]:
    """Where empty lines shift row numbers: (first data record after them, empty rows so far).

    Data records are counted from 0 in file order, as DuckDB reads them (it skips empty lines);
    the spreadsheet row of record n is n + 2 plus the empty rows before it.
    """
    csv.field_size_limit(_FIELD_SIZE_LIMIT)
    offsets: list[tuple[int, int]] = []
    records_seen = blank_rows = 0
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = csv.reader(handle)
        next(records, None)
        for fields in records:
            if not fields:
                blank_rows += 1
                continue
            if blank_rows and (not offsets or offsets[-1][1] != blank_rows):
                offsets.append((records_seen, blank_rows))
            records_seen += 1
    return offsets


def _field_count_fault(
    file_name: str, row: int, fields: int, header_width: int, *, last: bool
) -> str:
    if last and fields < header_width:
        return (
            f"{file_name} is truncated: its last row (row {row}) has {fields} of the "
            f"header's {header_width} fields"
        )
    return f"{file_name}: row {row} has {fields} fields but the header has {header_width}"


def _not_utf8(file_name: str, row: int) -> str:
    return (
        f"{file_name} is not UTF-8: row {row} holds bytes that are not valid UTF-8 "
        "(was it saved as Windows-1252 or Latin-1?)"
    )


def _csv_error_words(error: csv.Error) -> str:
    text = str(error)
    if "expected after" in text:
        return "text straight after a closing quote (quotes inside a field must be doubled)"
    return text


class _NotUtf8(Exception):
    pass


def _decoded_lines(handle) -> Iterator[str]:
    """The file's lines as text, refusing bytes that are not UTF-8 (a BOM at the start is fine).

    Decoding line by line, rather than through a buffered text reader, means a decoding error
    surfaces at the record that holds it, so the fault can name its row.
    """
    first = True
    for line in handle:
        if first:
            line = line.removeprefix(codecs.BOM_UTF8)
            first = False
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            raise _NotUtf8 from None
