"""The SSD extract format as the loader uses it: tables, columns, kinds, code lists, relations.

Everything here is derived from the format's one description, orchestration/formats/ssd.yaml
(read by orchestration/formats/description.py). The rest of the loader (raw table layouts,
parsing, the validation rules, the Dagster asset specs) is derived from these structures, so a
column added to the description is loaded, typed, validated and documented in the UI without
further code. `extract_table` makes the same structures of another format's tables (the Annex A
workbook's lists: workbook_format).
"""

from __future__ import annotations

import graphlib
from dataclasses import dataclass, field
from enum import Enum

from orchestration.formats.description import (
    DatePair,
    FormatDescription,
    TableDescription,
    load_format,
)

SSD = load_format("ssd")

# The SSD's own limit on identifier length; longer values are quarantined.
MAX_IDENTIFIER_LENGTH = SSD.max_identifier_length


class Kind(Enum):
    """What a column holds; decides its raw type, how it is parsed and which rules apply."""

    IDENTIFIER = "identifier"
    TEXT = "text"
    CODE = "code"
    DATE = "date"
    FLAG = "flag"
    INTEGER = "integer"
    TEXT_ARRAY = "text array"
    CODE_ARRAY = "code array"


@dataclass(frozen=True)
class CodeList:
    """A fixed list of codes, with the plain name rule texts use for it."""

    name: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    codes: CodeList | None = None
    future_allowed: bool = False  # a planned or expected date, which may follow the extract
    direct_identifier: bool = False  # identifies a person directly: never past the raw layer
    pseudonym: str | None = None  # the raw column holding a stable pseudonym of the value
    date_of: str | None = None  # a date column: "event" or "birth" (its plausible floor)


@dataclass(frozen=True)
class ParentReference:
    """A column naming a row of another table that must be there (and not quarantined)."""

    column: str
    parent_table: str
    parent_column: str
    parent_noun: str
    exempt_when: str | None = None  # a flag column that, when true, excuses a missing parent
    exemption: str = ""  # the exemption in plain words, for the rule text
    # (the row's date, the parent's date): when the parent is there, the row's date must not
    # come before the parent's (a conference is not held before its enquiry starts).
    not_before: tuple[str, str] | None = None


@dataclass(frozen=True)
class ExtractTable:
    name: str
    description: str
    columns: tuple[Column, ...]
    optional: bool = False
    date_pairs: tuple[DatePair, ...] = ()
    parents: tuple[ParentReference, ...] = ()
    # Unknown extra columns go to raw.<table>.extra_columns, unless they could carry free text.
    keeps_extra_columns: bool = True
    identifier_name: str = ""  # the table's own identifier, unique within a file
    child_reference_names: tuple[str, ...] = ()  # columns naming a child in ssd_person
    format_name: str = "ssd"  # the format the table belongs to: its parsers and policies
    # Rows with the same values here are duplicates (tables without an identifier: Annex A).
    natural_key: tuple[str, ...] = ()
    header_column: str | None = None  # workbooks: the column whose heading marks the header
    max_identifier_length: int = MAX_IDENTIFIER_LENGTH
    # An unreadable value in a column that is not required is loaded as empty and noted,
    # rather than quarantining the row (the format's unreadable_optional_values: noted).
    notes_unreadable_optional: bool = False
    delivered_as: str = ""  # how messages name where the table is delivered (default: its file)
    column_names: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", frozenset(c.name for c in self.columns))

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def delivered_in(self) -> str:
        """Where the table is delivered, as messages name it."""
        return self.delivered_as or self.file_name

    @property
    def identifier(self) -> Column:
        """The table's own identifier, unique within a file."""
        return self.column(self.identifier_name)

    @property
    def record_id(self) -> Column:
        """The column the quarantine names a row by: its identifier, else its header column."""
        return self.column(self.identifier_name or self.header_column)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def columns_of(self, *kinds: Kind) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind in kinds)

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @property
    def dates_not_after_extract(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns_of(Kind.DATE) if not c.future_allowed)

    def dates_of(self, role: str) -> tuple[Column, ...]:
        """The date columns dating an event of the case ("event") or a birth ("birth")."""
        return tuple(c for c in self.columns_of(Kind.DATE) if c.date_of == role)

    @property
    def child_references(self) -> tuple[Column, ...]:
        """Columns naming a child, who must be in ssd_person."""
        return tuple(self.column(name) for name in self.child_reference_names)


PERSON_TABLE = SSD.child_table
_CODE_LISTS = {key: CodeList(codes.name, codes.codes) for key, codes in SSD.code_lists.items()}


def extract_table(
    table: TableDescription, description: FormatDescription = SSD, delivered_as: str = ""
) -> ExtractTable:
    """A described table as the loader's structure. Kinds the format knows but does not load
    (`ignored`) are left out; a workbook format's columns keep their code lists' spellings."""
    return ExtractTable(
        name=table.name,
        description=table.description,
        columns=tuple(
            Column(
                c.name,
                Kind(c.kind),
                required=c.required,
                codes=(
                    None if not c.codes
                    else _CODE_LISTS[c.codes.key] if description is SSD else c.codes
                ),
                future_allowed=c.may_follow_extract_date,
                direct_identifier=c.direct_identifier,
                pseudonym=c.pseudonym,
                date_of=c.date_of,
            )
            for c in table.columns
            if c.kind != "ignored"
        ),
        optional=table.optional,
        date_pairs=table.date_pairs,
        parents=tuple(
            ParentReference(
                parent.column,
                parent.table,
                description.table(parent.table).identifier,
                parent.noun,
                exempt_when=parent.exempt_when,
                exemption=parent.exemption,
                not_before=(parent.not_before.column, parent.not_before.parent_column) if parent.not_before else None,
            )
            for parent in table.parents
        ),
        keeps_extra_columns=table.keeps_extra_columns,
        identifier_name=table.identifier or "",
        child_reference_names=()
        if table.name == PERSON_TABLE or description.child_table is None
        else tuple(c.name for c in table.columns if c.entity == "person"),
        format_name=description.name,
        natural_key=table.natural_key,
        header_column=table.header_column,
        max_identifier_length=description.max_identifier_length,
        notes_unreadable_optional=description.unreadable_optional_values == "noted",
        delivered_as=delivered_as,
    )


TABLES: tuple[ExtractTable, ...] = tuple(extract_table(table) for table in SSD.tables)
TABLES_BY_NAME: dict[str, ExtractTable] = {table.name: table for table in TABLES}

# Dates that may legitimately lie after the extract date (planned or expected events).
FUTURE_DATES_ALLOWED = frozenset(
    c.name for table in SSD.tables for c in table.columns if c.may_follow_extract_date
)

# Columns that identify a child directly; they never leave the raw layer.
DIRECT_IDENTIFIERS = tuple(
    c.name for table in SSD.tables for c in table.columns if c.direct_identifier
)


def tables_parents_first() -> tuple[ExtractTable, ...]:
    """Every table after the tables it refers to, so a parent's quarantine is known first."""
    graph: dict[str, set[str]] = {}
    for table in TABLES:
        depends_on = {parent.parent_table for parent in table.parents}
        if table.child_references:
            depends_on.add(PERSON_TABLE)
        graph[table.name] = depends_on
    order = graphlib.TopologicalSorter(graph).static_order()
    return tuple(TABLES_BY_NAME[name] for name in order)
