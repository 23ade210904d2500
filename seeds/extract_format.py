"""The SSD extract format as the generator uses it: the 21 tables, their columns, kinds, codes.

Derived from the format's one description, ``orchestration/formats/ssd.yaml`` (read by the
pure-data reader ``orchestration/formats/description.py``); this is the only knowledge of the
warehouse the generator has. What is the generator's own is kept here: how it holds values
before writing them (the kinds below) and how it writes identifiers (``ENTITY_FORMAT``). Column
names and order follow the format exactly.

Column kinds, and how the generator holds their values before writing them:

- ``id``: an identifier of one of the ``ENTITY_FORMAT`` entities, held as a non-negative
  integer and written as the entity's prefix and zero-padded digits (``P0000042``); -1 is
  empty.
- ``date``: a day number (see ``working_days``); ``NO_DATE`` is empty.
- ``flag``: 1 (``Y``), 0 (``N``) or -1 (empty).
- ``code``: an index into the column's code list (from the format); -1 is empty.
- ``text``, ``team``, ``json``: an index into a vocabulary the timeline supplies (names,
  descriptions, team ids or names, JSON arrays); -1 is empty.
- ``integer``: a whole number; -1 is empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orchestration.formats.description import ColumnDescription, TableDescription, load_format

SSD = load_format("ssd")

NO_DATE = -(2**40)  # far below any real day number, so comparisons with real days are safe


def _codes(key: str) -> tuple[str, ...]:
    return SSD.code_lists[key].codes


SEX = _codes("sex")
ETHNICITY = _codes("ethnicity")
DISABILITY = _codes("disability")
PRIMARY_NEED = _codes("primary_need")
REFERRAL_SOURCE = _codes("referral_source")
CLOSE_REASON = _codes("close_reason")
CP_CATEGORY = _codes("cp_category")
ASSESSMENT_FACTORS = _codes("assessment_factors")
AGENCIES = _codes("agencies")
STRATEGY_OUTCOME = _codes("strategy_outcome")
NOTE_TYPE = _codes("note_type")
PREVENT_OUTCOME = _codes("prevent_outcome")
HOMELESS_OUTCOME = _codes("homeless_outcome")
AUDIT_AREA = _codes("audit_area")
AUDIT_GRADE = _codes("audit_grade")

# How each kind of identifier is written: prefix and number of digits.
ENTITY_FORMAT: dict[str, tuple[str, int]] = {
    "person": ("P", 7),
    "legacy": ("LEGACY-", 7),
    "upn": ("SYN", 10),
    "unique": ("SUID-", 7),
    "disability": ("DIS", 7),
    "contact": ("C", 7),
    "referral": ("R", 7),
    "assessment": ("A", 7),
    "factors": ("AF", 7),
    "cin_plan": ("CINP", 7),
    "cin_visit": ("CINV", 7),
    "s47": ("S47-", 7),
    "icpc": ("ICPC-", 7),
    "meeting": ("MTG", 7),
    "cp_plan": ("CPP", 7),
    "cp_visit": ("CPV", 7),
    "cp_review": ("CPR", 7),
    "professional": ("W", 5),
    "staff": ("STAFF", 5),
    "strategy": ("SD", 7),
    "note": ("N", 8),
    "prevent": ("PVR", 7),
    "homeless": ("HP", 7),
    "direct_payment": ("DP", 7),
    "audit": ("AUD", 7),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id, date, flag, code, text, team, json, integer
    required: bool = False
    entity: str | None = None  # for ids: which entity's identifier
    codes: tuple[str, ...] | None = None  # for codes: the valid list; for json: valid elements


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    optional: bool = False
    # (start column, end column) pairs the format keeps in order, which a defect may reverse
    periods: tuple[tuple[str, str], ...] = ()
    # column -> table whose identifier it must name (the parents the format checks)
    parents: dict[str, str] = field(default_factory=dict)
    identifier: str = ""  # the table's own identifier column

    @property
    def id_column(self) -> str:
        return self.identifier

    @property
    def person_column(self) -> str | None:
        for column in self.columns[1:]:
            if column.entity == "person":
                return column.name
        return None

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")


# Date pairs the generator never makes run backwards (its homeless outcomes come without that
# defect), so that a seed keeps giving byte-identical extracts.
_PAIRS_WITHOUT_DEFECTS = frozenset({("hpre_presentation_date", "hpre_outcome_date")})


def _generator_kind(column: ColumnDescription) -> str:
    """How the generator holds a column of the format's kind."""
    if column.kind in ("text array", "code array"):
        return "json"
    if column.entity in ENTITY_FORMAT:
        return "id"
    if column.kind in ("identifier", "text"):
        return "team" if column.team else "text"
    return column.kind


def _table(table: TableDescription) -> Table:
    return Table(
        table.name,
        tuple(
            Column(
                c.name,
                _generator_kind(c),
                c.required,
                entity=c.entity if c.entity in ENTITY_FORMAT else None,
                codes=c.codes.codes if c.codes else None,
            )
            for c in table.columns
        ),
        optional=table.optional,
        periods=tuple(
            (pair.start, pair.end)
            for pair in table.date_pairs
            if (pair.start, pair.end) not in _PAIRS_WITHOUT_DEFECTS
        ),
        parents={parent.column: parent.table for parent in table.parents},
        identifier=table.identifier,
    )


TABLES: tuple[Table, ...] = tuple(_table(table) for table in SSD.tables)

TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}
OPTIONAL_TABLES: tuple[str, ...] = tuple(t.name for t in TABLES if t.optional)
REQUIRED_TABLES: tuple[str, ...] = tuple(t.name for t in TABLES if not t.optional)
SUCCESS_MARKER = "_SUCCESS"
