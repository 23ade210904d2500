"""Real-world defects, injected into a snapshot at a given rate and counted exactly.

A share ``rate`` of each table's rows (rounded to the nearest whole row) gets exactly one
defect each, its kind drawn evenly from the kinds that row can carry:

Defects a loader must quarantine:

- ``duplicate_id``: the row is written twice (the copy right after it);
- ``invalid_date``: a date that is no calendar day (``2023-02-30``, ``2024-13-01``);
- ``end_before_start``: an end date (close, authorisation, plan end ...) before its start;
- ``future_date``: a date after the snapshot's extract date;
- ``orphan_person``: a child id that is not in ``ssd_person``;
- ``orphan_parent``: an assessment or S47 pointing at a missing referral, or a conference
  at a missing enquiry;
- ``invalid_code``: a value outside the column's code list;
- ``missing_required``: a required value left empty.

Valid variants a loader must accept (the row loads):

- ``variant_date_format``: a date as ``DD/MM/YYYY`` or SQL Server's ``YYYY-MM-DD HH:MM:SS.fff``;
- ``variant_flag``: a flag spelt ``Yes``/``no``/``1``/``TRUE``/``y``... instead of ``Y``/``N``.

The default rate, 0.003, gives a demo authority a few hundred quarantined rows a snapshot:
enough for every quarantine path to show, too few to move a headline figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from seeds.censoring import empty_value
from seeds.extract_format import NO_DATE, TABLES_BY_NAME, Table
from seeds.working_days import to_date

DEFAULT_DEFECT_RATE = 0.003
QUARANTINED_KINDS = (
    "duplicate_id", "invalid_date", "end_before_start", "future_date", "orphan_person",
    "orphan_parent", "invalid_code", "missing_required",
)
VARIANT_KINDS = ("variant_date_format", "variant_flag")
DEFECT_KINDS = QUARANTINED_KINDS + VARIANT_KINDS
ORPHAN_ID_BASE = 9_000_000  # far above any identifier the generator gives out
IMPOSSIBLE_DAYS = ("02-30", "02-31", "04-31", "06-31", "09-31", "11-31", "13-01", "00-15")
FLAG_SPELLINGS = {
    1: ("Yes", "yes", "YES", "1", "true", "TRUE", "True", "y"),
    0: ("No", "no", "NO", "0", "false", "FALSE", "False", "n"),
}


@dataclass
class DefectedTable:
    """Typed columns after injection, plus the values only text can carry, by column:
    (row positions, strings) written in place of the typed value."""

    columns: dict[str, np.ndarray]
    overrides: dict[str, tuple[np.ndarray, list[str]]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def _columns_of(table: Table, kind: str) -> list[str]:
    return [c.name for c in table.columns if c.kind == kind]


def _pick(rng: np.random.Generator, allowed: np.ndarray) -> np.ndarray:
    """For each row of a boolean matrix, a random column index among the allowed ones."""
    keys = np.where(allowed, rng.random(allowed.shape), -1.0)
    return keys.argmax(axis=1)


def _present(columns: dict[str, np.ndarray], names: list[str], kinds: dict[str, str], rows: np.ndarray) -> np.ndarray:
    """Matrix rows x names: the value is not empty."""
    if not names:
        return np.zeros((len(rows), 0), dtype=bool)
    return np.stack([columns[n][rows] != empty_value(kinds[n]) for n in names], axis=1)


class DefectInjector:
    def __init__(self, rng: np.random.Generator, table_name: str, columns: dict[str, np.ndarray], snapshot_day: int):
        self.rng = rng
        self.table = TABLES_BY_NAME[table_name]
        self.columns = {name: values.copy() for name, values in columns.items()}
        self.snapshot_day = snapshot_day
        self.kinds = {c.name: c.kind for c in self.table.columns}
        self.overrides: dict[str, tuple[list[int], list[str]]] = {}

    def _candidates(self, rows: np.ndarray) -> dict[str, tuple[list[str], np.ndarray]]:
        """Per defect kind: the columns it may change and which of them each row allows."""
        table, columns, kinds = self.table, self.columns, self.kinds
        dates = _columns_of(table, "date")
        present_dates = _present(columns, dates, kinds, rows)
        ends = [end for _, end in table.periods]
        period_ok = np.stack(
            [_present(columns, [s, e], kinds, rows).all(axis=1) for s, e in table.periods], axis=1
        ) if table.periods else np.zeros((len(rows), 0), dtype=bool)
        # A start is moved into the future only where its end is empty (else it would also
        # be an end before its start).
        future_ok = present_dates.copy()
        for start, end in table.periods:
            future_ok[:, dates.index(start)] &= columns[end][rows] == NO_DATE
        person = [table.person_column] if table.person_column and table.name != "ssd_person" else []
        parents = list(table.parents)
        codes = _columns_of(table, "code")
        required = [c.name for c in table.columns[1:] if c.required]
        flags = _columns_of(table, "flag")
        return {
            "duplicate_id": ([table.id_column], np.ones((len(rows), 1), dtype=bool)),
            "invalid_date": (dates, present_dates),
            "end_before_start": (ends, period_ok),
            "future_date": (dates, future_ok),
            "orphan_person": (person, _present(columns, person, kinds, rows)),
            "orphan_parent": (parents, _present(columns, parents, kinds, rows)),
            "invalid_code": (codes, _present(columns, codes, kinds, rows)),
            "missing_required": (required, _present(columns, required, kinds, rows)),
            "variant_date_format": (dates, present_dates),
            "variant_flag": (flags, _present(columns, flags, kinds, rows)),
        }

    def _override(self, name: str, row: int, text: str) -> None:
        rows, texts = self.overrides.setdefault(name, ([], []))
        rows.append(row)
        texts.append(text)

    def inject(self, rate: float) -> DefectedTable:
        rng = self.rng
        n = len(self.columns[self.table.id_column])
        count = min(n, int(np.floor(rate * n + 0.5)))
        counts = {kind: 0 for kind in DEFECT_KINDS}
        if count == 0:
            return DefectedTable(self.columns, {}, counts)
        rows = np.sort(rng.choice(n, size=count, replace=False))
        candidates = self._candidates(rows)
        allowed = np.stack([candidates[k][1].any(axis=1) for k in DEFECT_KINDS], axis=1)
        kind_of_row = _pick(rng, allowed)
        duplicates = []
        for k, kind in enumerate(DEFECT_KINDS):
            mine = np.flatnonzero(kind_of_row == k)
            if len(mine) == 0:
                continue
            counts[kind] = len(mine)
            names, allowed_columns = candidates[kind]
            chosen = _pick(rng, allowed_columns[mine])
            for position, column_index in zip(mine, chosen):
                row = int(rows[position])
                if kind == "duplicate_id":
                    duplicates.append(row)
                elif kind == "end_before_start":
                    start, end = self.table.periods[column_index]
                    self.columns[end][row] = self.columns[start][row] - int(rng.integers(1, 61))
                else:
                    self._apply(kind, names[column_index], row, position)
        return self._with_duplicates(np.array(duplicates, dtype=np.int64), counts)

    def _apply(self, kind: str, name: str, row: int, position: int) -> None:
        rng, values = self.rng, self.columns[name]
        if kind == "invalid_date":
            year = to_date(values[row]).year
            self._override(name, row, f"{year}-{IMPOSSIBLE_DAYS[rng.integers(len(IMPOSSIBLE_DAYS))]}")
        elif kind == "future_date":
            values[row] = self.snapshot_day + int(rng.integers(1, 401))
        elif kind in ("orphan_person", "orphan_parent"):
            values[row] = ORPHAN_ID_BASE + position
        elif kind == "invalid_code":
            code = self.table.column(name).codes[values[row]]
            self._override(name, row, f"{code}X")
        elif kind == "missing_required":
            values[row] = empty_value(self.kinds[name])
        elif kind == "variant_date_format":
            day = to_date(values[row])
            if rng.random() < 0.5:
                text = day.strftime("%d/%m/%Y")
            else:
                seconds = int(rng.integers(0, 86400))
                text = f"{day.isoformat()} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{int(rng.integers(0, 1000)):03d}"
            self._override(name, row, text)
        elif kind == "variant_flag":
            spellings = FLAG_SPELLINGS[int(values[row])]
            self._override(name, row, spellings[rng.integers(len(spellings))])

    def _with_duplicates(self, duplicates: np.ndarray, counts: dict[str, int]) -> DefectedTable:
        n = len(self.columns[self.table.id_column])
        order = np.sort(np.concatenate([np.arange(n), duplicates]), kind="stable")
        new_position = np.searchsorted(order, np.arange(n))  # first copy of each original row
        columns = {name: values[order] for name, values in self.columns.items()}
        overrides = {
            name: (new_position[np.array(rows, dtype=np.int64)], texts)
            for name, (rows, texts) in self.overrides.items()
        }
        return DefectedTable(columns, overrides, counts)


def inject_defects(
    rng: np.random.Generator, table_name: str, columns: dict[str, np.ndarray], rate: float, snapshot_day: int
) -> DefectedTable:
    """Defects in a share ``rate`` of the table's rows; ``rate == 0`` leaves it clean."""
    return DefectedTable(dict(columns), {}, {k: 0 for k in DEFECT_KINDS}) if rate == 0 else (
        DefectInjector(rng, table_name, columns, snapshot_day).inject(rate)
    )
