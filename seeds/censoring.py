"""One timeline, censored per snapshot: each table as the case system held it on a day.

The generator plays out a single history (with events after the extract date, such as
assessments authorised next month). A snapshot on day D then shows only what had happened by
D: a row exists once the day it came into being has passed; a field decided later (an
authorisation, a closure, an outcome) is still empty; a flag that becomes true later (the
child seen) is still ``N``; a Prevent outcome not yet decided reads ``OPEN``; a direct
payment's last review is the latest review held by D. So snapshots only ever grow, and no
clean snapshot holds a date after its own day.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from seeds.extract_format import NO_DATE, TABLES_BY_NAME


@dataclass
class TimelineTable:
    """A table over the whole history, with the rules that censor it to a day."""

    name: str
    columns: dict[str, np.ndarray]  # every column of the format, typed (see extract_format)
    vocabularies: dict[str, tuple[str, ...]]  # for text, team and json columns
    appears: np.ndarray  # the day each row comes into being
    # (decision day, columns): the columns are empty until the decision day has passed
    empty_until: list[tuple[np.ndarray, tuple[str, ...]]] = field(default_factory=list)
    # (flag column, day): the flag is N until the day (NO_DATE: never) and Y from it
    yes_from: list[tuple[str, np.ndarray]] = field(default_factory=list)
    # (column, day, value): the column holds ``value`` until the day
    until: list[tuple[str, np.ndarray, int]] = field(default_factory=list)
    # (date column, days per row as a 2-D array): the latest of the days on or before D
    latest_of: list[tuple[str, np.ndarray]] = field(default_factory=list)

    def __post_init__(self) -> None:
        expected = [c.name for c in TABLES_BY_NAME[self.name].columns]
        if list(self.columns) != expected:
            raise ValueError(f"{self.name}: columns {list(self.columns)} differ from the format {expected}")
        lengths = {len(v) for v in self.columns.values()} | {len(self.appears)}
        if len(lengths) != 1:
            raise ValueError(f"{self.name}: columns of different lengths {sorted(lengths)}")

    @property
    def rows(self) -> int:
        return len(self.appears)


def empty_value(kind: str) -> int:
    return NO_DATE if kind == "date" else -1


def censor(table: TimelineTable, day: int) -> dict[str, np.ndarray]:
    """The table's columns as they stood on ``day``."""
    present = table.appears <= day
    kinds = {c.name: c.kind for c in TABLES_BY_NAME[table.name].columns}
    columns = {name: values[present] for name, values in table.columns.items()}
    for decided, names in table.empty_until:
        later = decided[present] > day
        for name in names:
            columns[name] = np.where(later, empty_value(kinds[name]), columns[name])
    for name, yes_day in table.yes_from:
        happened = yes_day[present]
        columns[name] = ((happened != NO_DATE) & (happened <= day)).astype(np.int8)
    for name, change_day, value in table.until:
        columns[name] = np.where(change_day[present] > day, value, columns[name])
    for name, days in table.latest_of:
        held = days[present]
        columns[name] = np.where(held <= day, held, NO_DATE).max(axis=1, initial=NO_DATE)
    return columns
