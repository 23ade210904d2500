"""Every file the app hands out: CSV that a spreadsheet opens as data, never as formulas.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` (and, in some, a tab or a
carriage return) as a formula: a team name `=HYPERLINK("http://...")` or a worker id
`=cmd|' /C calc'!A0` typed into the case system would become a link or a command on the
reader's machine. So every text cell that begins with one of those is written with a leading
`'`, which spreadsheets show as the text itself, and so is a column heading. Numbers are written
as numbers: a negative count or change is data, not a formula, and is left alone (only text
cells are changed, whatever table they come from).

`offer_csv` is the one download button of the app; each caller says whether the rows are
case-level (then the download is recorded in the access log) or aggregate (`access=None`).
A table's file is written only when the reader presses its button (Streamlit runs the writing
then, on a thread of its own): a page run offers its tables without writing them, which on a
comparison of every authority was about a quarter of the run. Each press writes the same bytes
from the same table.

A press records the download and then writes the file, in that order and in the one call: if
the access log cannot be written, no file is handed over. A press does not run the page again
either. A rerun started by the press raced the browser's fetch of the file it had asked for:
the end of a run drops the files no button of that run refers to, and a freshly written file
is one of them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AS_TEXT = "'"


def as_text(value: object) -> object:
    """A text value a spreadsheet would run, made plain text; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return AS_TEXT + value
    return value


def spreadsheet_safe(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of `table` whose text cells and headings cannot run as formulas."""
    safe = table.rename(columns=lambda c: as_text(str(c)))
    for column in safe.columns:
        values = safe[column]
        if isinstance(values.dtype, pd.StringDtype):
            # A column of text alone is looked at whole (a comparison of every authority has
            # thousands of rows); only the cells that would run are changed.
            runs = values.str.startswith(FORMULA_STARTS).fillna(False).astype(bool)
            if runs.any():
                safe[column] = values.mask(runs, AS_TEXT + values)
        elif pd.api.types.is_object_dtype(values) or isinstance(values.dtype, pd.CategoricalDtype):
            safe[column] = values.astype(object).map(as_text)
    return safe


def csv_bytes(table: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV, spreadsheet-safe, dates as YYYY-MM-DD."""
    return spreadsheet_safe(table).to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8")


def recorded_csv_bytes(table: pd.DataFrame, access: Callable[[], None] | None) -> bytes:
    """What a press hands over: the download recorded first (when `access` is given), then
    the table's bytes."""
    if access is not None:
        access()
    return csv_bytes(table)


def offer_csv(
    table: pd.DataFrame,
    *,
    label: str,
    file_name: str,
    key: str,
    access: Callable[[], None] | None,
) -> None:
    """A download button for `table` as CSV, written when the button is pressed. `access`
    records the download of case-level rows (app.case_rows.download_recorder) and is called
    when the button is pressed, before the file is written; aggregate tables pass None."""
    st.download_button(
        label,
        # The table as offered, whatever its caller does with it later (pandas copies on write).
        partial(recorded_csv_bytes, table.copy(deep=False), access),
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
    )

