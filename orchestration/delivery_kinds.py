"""Which kind of delivery a snapshot folder holds, from its files' names.

A folder holds one kind (sources.md): an SSD extract (`<table>.csv` files, one per table), an
Annex A workbook (`annex_a.xlsx`) or a CIN census return (`cin_census.xml`), each named as its
format's description says, in any case. A folder whose files are of two kinds, or of none, is
rejected whole with a message naming what was found. Files of no kind beside a delivery are ignored (and named in the load's notes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from orchestration.census_format import CENSUS_TABLES
from orchestration.extract_format import TABLES, TABLES_BY_NAME, ExtractTable
from orchestration.formats.description import FORMAT_NAMES, load_format
from orchestration.plain_words import joined
from orchestration.workbook_format import LIST_TABLES

SSD, ANNEX_A, CIN_CENSUS = "ssd", "annex_a", "cin_census"
LOADED_KINDS = (SSD, ANNEX_A, CIN_CENSUS)
_SPREADSHEET_ENDINGS = (".xlsx", ".xlsm", ".xls", ".ods")


def _single_file_kinds() -> dict[str, str]:
    """Lower-cased file name -> kind, for the kinds delivered as one file."""
    return {
        load_format(name).delivery["file_name"].lower(): name
        for name in FORMAT_NAMES
        if "file_name" in load_format(name).delivery
    }


_SINGLE_FILES = _single_file_kinds()


def kind_of(file_name: str) -> tuple[str, str] | None:
    """(kind, the table or format the file holds) for a file of some kind, else None."""
    lowered = file_name.lower()
    if lowered.endswith(".csv") and lowered.removesuffix(".csv") in TABLES_BY_NAME:
        return SSD, lowered.removesuffix(".csv")
    if lowered in _SINGLE_FILES:
        return _SINGLE_FILES[lowered], _SINGLE_FILES[lowered]
    return None


def title(kind: str) -> str:
    return load_format(kind).title


def folder_fault(files_by_kind: Mapping[str, list[str]], others: Iterable[str]) -> str | None:
    """Why a folder with these files (by kind, and of no kind) cannot be loaded, or None."""
    others = list(others)
    if len(files_by_kind) > 1:
        kinds = " and ".join(
            f"{_article(title(kind))} ({', '.join(sorted(files))})"
            for kind, files in sorted(files_by_kind.items(), key=lambda item: FORMAT_NAMES.index(item[0]))
        )
        return (
            f"the folder holds files of more than one kind of delivery, {kinds}: a snapshot "
            "folder holds one kind, so deliver each in a folder of its own (its own extract date)"
        )
    if not files_by_kind:
        expected = [
            f"{title(SSD)} tables named <table>.csv",
            *(f"{_article(title(kind))} named {name}" for name, kind in _SINGLE_FILES.items()),
        ]
        found = joined(sorted(others)) or "nothing but _SUCCESS"
        hint = ""
        if any(name.lower().endswith(_SPREADSHEET_ENDINGS) for name in others):
            hint = f" (an Annex A workbook must be saved as .xlsx and named {_file_of(ANNEX_A)})"
        return (
            f"the folder holds no delivery ({joined(expected, 'or')}): it "
            f"holds {found}{hint}"
        )
    (kind,) = files_by_kind
    if kind not in LOADED_KINDS:
        return f"{_file_of(kind)} is {_article(title(kind))}, which this warehouse does not load yet"
    return None


def _file_of(kind: str) -> str:
    return load_format(kind).delivery["file_name"]


def _article(words: str) -> str:
    """"an SSD extract", "an Annex A workbook", "a CIN census return"."""
    first = words.split()[0]
    spoken_vowel = "AEFHILMNORSX" if first.isupper() else "AEIOU"  # an acronym: its letters' names
    return ("an " if first[0].upper() in spoken_vowel else "a ") + words


# Every table the loader fills, of every kind: the SSD extract's, the Annex A lists, then the
# CIN census return's record elements.
LOADED_TABLES: tuple[ExtractTable, ...] = (*TABLES, *LIST_TABLES, *CENSUS_TABLES)
