"""Suppression of small numbers in anything that may leave the authority.

The rule (the extract format's "Personal data" section): a count from 1 to 4 is replaced by
`[c]`, and so is any rate or median worked out from a suppressed count, because the rate and
the other count of the same row would give the small number back. Zero is not suppressed: it
identifies no one. The rule is applied row by row to aggregate tables only.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

SUPPRESSED = "[c]"
SMALLEST_SHOWN = 5
RULE_IN_WORDS = (
    "Counts from 1 to 4 are replaced by [c] in the download, and so is the rate or median "
    "worked out from them; zero is shown as it is. Only aggregate figures are in the file."
)


def is_small_count(value: object) -> bool:
    """True for a count from 1 to SMALLEST_SHOWN - 1; missing values are not small counts."""
    if value is None or pd.isna(value):
        return False
    return 0 < value < SMALLEST_SHOWN


def small_counts(counts: pd.Series) -> pd.Series:
    """is_small_count of every value; a numeric column is compared whole (a comparison of every
    authority has thousands of rows), anything else value by value."""
    if pd.api.types.is_numeric_dtype(counts) and not pd.api.types.is_bool_dtype(counts):
        return (counts.gt(0) & counts.lt(SMALLEST_SHOWN)).fillna(False).astype(bool)
    return counts.map(is_small_count).astype(bool)


def suppress_small_counts(
    table: pd.DataFrame,
    count_columns: Sequence[str] = ("numerator", "denominator"),
    derived_columns: Sequence[str] = ("value",),
) -> pd.DataFrame:
    """A copy of `table` with small counts, and values derived from them, replaced by [c]."""
    missing = [c for c in (*count_columns, *derived_columns) if c not in table.columns]
    if missing:
        raise ValueError(f"cannot suppress small counts: the table has no column {missing}")
    suppressed = table.copy()
    row_has_small_count = pd.Series(False, index=table.index)
    for column in count_columns:
        small = small_counts(table[column])
        row_has_small_count |= small
        suppressed[column] = table[column].astype(object).where(~small, SUPPRESSED)
    for column in derived_columns:
        suppressed[column] = table[column].astype(object).where(~row_has_small_count, SUPPRESSED)
    return suppressed
