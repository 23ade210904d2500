"""Reading a delivery format's description (orchestration/formats/<format>.yaml) into data.

Each kind of delivery (an SSD extract, an Ofsted Annex A workbook, later the DfE CIN census)
is described once, as data, in a YAML file beside this module; orchestration/formats/README.md
gives the schema. This module only reads and checks that data: it imports nothing of Dagster
or DuckDB, so the generator (seeds/) and the tests read the same description the loader does.
A description that breaks the schema fails here, naming the file and what is wrong, before
anything is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

FORMATS_DIR = Path(__file__).resolve().parent
# libyaml's safe loader where PyYAML was built with it: the same data, read 8x faster (the
# definitions read every format at every refresh).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FORMAT_NAMES = ("ssd", "annex_a", "cin_census")

# What a column may hold. "ignored" is a heading the format knows but does not load (Annex A's
# age, which is worked out again from the date of birth): its values stay in extra_columns.
KINDS = frozenset(
    {"identifier", "text", "code", "date", "flag", "integer", "text array", "code array", "ignored"}
)
_CODED_KINDS = frozenset({"code", "code array"})
# What a date column dates, for the plausible-date rules (validation_rules): an event of the
# case (a referral, an assessment, a visit, ...) or a person's birth. Every date has a floor.
DATE_ROLES = frozenset({"event", "birth"})


class FormatDescriptionError(ValueError):
    """A format description that does not follow the schema."""


@dataclass(frozen=True)
class CodeList:
    """A fixed list of codes. `spellings` gives, per code, the other ways a delivery may write
    it (compared without regard to case); the code itself always spells it."""

    key: str
    name: str
    codes: tuple[str, ...]
    spellings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def spellings_of(self, code: str) -> tuple[str, ...]:
        return (code, *self.spellings.get(code, ()))

    @property
    def code_of_spelling(self) -> Mapping[str, str]:
        """Each spelling (case folded) to its code."""
        return {
            normalised(spelling): code for code in self.codes for spelling in self.spellings_of(code)
        }


@dataclass(frozen=True)
class ColumnDescription:
    name: str  # the column's name in the raw layer (and, for CSV formats, in the file)
    kind: str
    required: bool = False
    codes: CodeList | None = None
    entity: str | None = None  # what an identifier names: person, referral, ...
    team: bool = False  # holds a team (an id when the delivery has departments, else a name)
    direct_identifier: bool = False  # identifies a person directly: never past the raw layer
    may_follow_extract_date: bool = False  # a planned or expected date
    date_of: str | None = None  # a date column: what it dates, "event" or "birth" (DATE_ROLES)
    headings: tuple[str, ...] = ()  # spreadsheet headings that mean this column, template's first
    path: str | None = None  # XML formats: the value's element, within the record's element
    pseudonym: str | None = None  # the raw column holding a stable pseudonym of this value


@dataclass(frozen=True)
class DatePair:
    """An end date that must not come before its start date."""

    start: str
    end: str


@dataclass(frozen=True)
class ParentDate:
    """A date of the row that must not come before a date of the parent it names."""

    column: str  # the row's date
    parent_column: str  # the parent's date, a column of the parent table


@dataclass(frozen=True)
class ParentReference:
    """A column naming a row of another table of the same snapshot, which must be there."""

    column: str
    table: str
    noun: str
    exempt_when: str | None = None  # a flag column that, when true, excuses a missing parent
    exemption: str = ""  # the exemption in plain words
    not_before: ParentDate | None = None  # when the parent is there, the row is not dated before it

    def __post_init__(self) -> None:
        if isinstance(self.not_before, Mapping):
            object.__setattr__(self, "not_before", ParentDate(**self.not_before))


@dataclass(frozen=True)
class FollowedParent:
    """A family whose records have no date of their own follow their parent record."""

    family: str
    column: str  # the column naming the parent record (within the same snapshot)


@dataclass(frozen=True)
class Feed:
    """How a table's rows feed one record family of the assembled history.

    natural_key: the columns of the record's natural key, the subject (the child, or another
    identifier for families that are not about a child) and then the record's own date when it
    has one. window_date: the column by which a snapshot's window covers the record, usually
    the record's own date (an Annex A ICPC: its enquiry's start, the date that puts its row in
    the list); runs_until: for a family of
    things that run, the end-date column (the window date is the end date when it has ended and
    the extract date while it runs). Neither: the record has no date of its own. follows: the
    record takes its natural key and window date from its parent record. when: the row feeds
    the family only when this column has a value.
    """

    family: str
    natural_key: tuple[str, ...] = ()
    window_date: str | None = None
    runs_until: str | None = None
    follows: FollowedParent | None = None
    when: str | None = None

    @property
    def is_dated(self) -> bool:
        return self.window_date is not None or self.runs_until is not None


@dataclass(frozen=True)
class TableDescription:
    """A table (a CSV file of an SSD extract) or a list (a sheet of an Annex A workbook)."""

    name: str  # the raw table's name
    title: str
    description: str
    columns: tuple[ColumnDescription, ...]
    optional: bool = False
    identifier: str | None = None  # the row's own identifier, unique within a delivery
    natural_key: tuple[str, ...] = ()  # two rows with the same values are duplicates
    keeps_extra_columns: bool = True
    date_pairs: tuple[DatePair, ...] = ()
    parents: tuple[ParentReference, ...] = ()
    feeds: tuple[Feed, ...] = ()
    list_number: int | None = None  # Annex A: the list's number
    element: str | None = None  # XML formats: the path of the element each record is
    header_column: str | None = None  # Annex A: the column whose heading marks the header row

    def column(self, name: str) -> ColumnDescription:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


@dataclass(frozen=True)
class Window:
    """What dates a snapshot of the format covers, for every family its tables feed.

    all_time: a full extract. months_setting / default_months: the given number of calendar
    months before the extract date, to it (the authority's setting of that name, else the
    default). collection_year: 1 April to 31 March of the return's reference date.
    """

    all_time: bool = False
    months_setting: str | None = None
    default_months: int | None = None
    collection_year: bool = False


def normalised(text: str) -> str:
    """Text as the rules compare it: non-breaking spaces as spaces, case folded, surrounding
    spaces trimmed and repeated ones collapsed."""
    return " ".join(text.replace("\u00a0", " ").casefold().split())


@dataclass(frozen=True)
class WorkbookRules:
    """How a workbook format's sheets, headings and values are read (Annex A). The methods
    apply the rules as the description states them, so every reader of the format applies them
    alike."""

    sheet_name_forms: tuple[str, ...]  # "list{n}": a sheet named so (normalised) is list n
    sheet_name_ignored_characters: str  # taken out of a sheet name before matching
    heading_ignored_endings: tuple[str, ...]  # taken off a heading before matching
    empty_values: tuple[str, ...]  # cell texts that mean an empty value
    answer_forms: tuple[re.Pattern[str], ...]  # how a coded answer is written; group "answer"
    date_text_formats: tuple[str, ...]  # strptime formats of dates written as text
    date_serials: bool  # an Excel serial number (also in a text cell) is a date

    def list_number(self, sheet_name: str) -> int | None:
        """The number of the list a sheet holds, by its name; None for a sheet that is no list."""
        name = sheet_name.casefold()
        for character in self.sheet_name_ignored_characters:
            name = name.replace(character, "")
        for form in self.sheet_name_forms:
            prefix, _, suffix = form.partition("{n}")
            if suffix or not name.startswith(prefix):
                continue
            rest = name[len(prefix):]
            digits = rest[: len(rest) - len(rest.lstrip("0123456789"))]
            if digits:
                return int(digits)
        return None

    def heading_key(self, heading: str) -> str:
        """A heading as it is compared with the headings a column is known by."""
        key = normalised(heading)
        endings = tuple(normalised(ending) for ending in self.heading_ignored_endings)
        while (ending := next((e for e in endings if key.endswith(e)), None)) is not None:
            key = key.removesuffix(ending).strip()
        return key

    def is_empty(self, text: str) -> bool:
        """Whether a cell's text is an empty value: blank, or a spreadsheet error or NULL."""
        value = normalised(text)
        return not value or value in {normalised(empty) for empty in self.empty_values}

    def answer(self, text: str, codes: CodeList) -> str | None:
        """The code a coded answer means (`a) Male`, `1 - Male`, `M` ...), or None when it is
        none of the list's codes in any of the forms."""
        value = normalised(text)
        known = codes.code_of_spelling
        for form in self.answer_forms:
            match = form.match(value)
            if match and (code := known.get(match.group("answer").strip())) is not None:
                return code
        return None


@dataclass(frozen=True)
class FormatDescription:
    name: str
    title: str
    delivery: Mapping[str, str]
    window: Window
    tables: tuple[TableDescription, ...]
    code_lists: Mapping[str, CodeList]
    flag_values: Mapping[str, tuple[str, ...]]  # "true" / "false" / "unknown" -> spellings
    max_identifier_length: int
    child_table: str | None = None  # the table every child reference must find
    workbook: WorkbookRules | None = None
    # What an unreadable value in a column that is not required does: "quarantined" (the row),
    # or "noted" (loaded as empty, the value noted beside the quarantine).
    unreadable_optional_values: str = "quarantined"

    def table(self, name: str) -> TableDescription:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(f"format {self.name} has no table {name!r}")

    @property
    def flag_answers(self) -> CodeList:
        """The flag answers as a code list: codes "true", "false" (and "unknown")."""
        return CodeList("flag", "yes/no answers", tuple(self.flag_values), self.flag_values)

    @property
    def families(self) -> tuple[str, ...]:
        """Every record family this format's tables feed, in order of first appearance."""
        seen: dict[str, None] = {}
        for table in self.tables:
            for feed in table.feeds:
                seen.setdefault(feed.family, None)
        return tuple(seen)


@cache
def load_format(name: str) -> FormatDescription:
    """The format's description, read and checked (once per process)."""
    path = FORMATS_DIR / f"{name}.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
        return _format(name, data)
    except (KeyError, TypeError, ValueError, re.error) as error:
        raise FormatDescriptionError(f"{path}: {error}") from error


def all_formats() -> tuple[FormatDescription, ...]:
    return tuple(load_format(name) for name in FORMAT_NAMES)


def _format(name: str, data: Mapping[str, Any]) -> FormatDescription:
    if data["format"] != name:
        raise ValueError(f"says format {data['format']!r}, but the file is named {name!r}")
    code_lists = {key: _code_list(key, value) for key, value in data["code_lists"].items()}
    shared = data.get("child_columns", [])
    shared_feeds = data.get("child_lists_feed", [])
    tables = tuple(
        _table(table, code_lists, shared, shared_feeds) for table in data["tables"]
    )
    names = [table.name for table in tables]
    if len(names) != len(set(names)):
        raise ValueError("a table is described twice")
    description = FormatDescription(
        name=name,
        title=data["title"],
        delivery=dict(data["delivery"]),
        window=Window(**data["window"]),
        tables=tables,
        code_lists=code_lists,
        flag_values={key: tuple(str(v) for v in values) for key, values in data["flag_values"].items()},
        max_identifier_length=int(data["max_identifier_length"]),
        child_table=data.get("child_table"),
        workbook=_workbook(data["workbook"]) if "workbook" in data else None,
        unreadable_optional_values=data.get("unreadable_optional_values", "quarantined"),
    )
    if description.unreadable_optional_values not in ("quarantined", "noted"):
        raise ValueError("unreadable_optional_values is quarantined or noted")
    _check_references(description)
    return description


def _code_list(key: str, data: Mapping[str, Any]) -> CodeList:
    codes = data["codes"]
    values = [*codes, *(s for more in codes.values() for s in more or ())] if isinstance(
        codes, Mapping
    ) else list(codes)
    if not all(isinstance(value, str) for value in values):
        raise ValueError(f"code list {key}: quote every code and spelling ({values})")
    if isinstance(codes, Mapping):
        spellings = {str(code): tuple(str(s) for s in (more or ())) for code, more in codes.items()}
        return CodeList(key, data["name"], tuple(spellings), spellings)
    return CodeList(key, data["name"], tuple(str(code) for code in codes))


def _column(data: Mapping[str, Any], code_lists: Mapping[str, CodeList]) -> ColumnDescription:
    unknown = set(data) - set(ColumnDescription.__dataclass_fields__)
    if unknown:
        raise ValueError(f"column {data.get('name')!r} has unknown keys {sorted(unknown)}")
    kind = data["kind"]
    if kind not in KINDS:
        raise ValueError(f"column {data['name']!r}: unknown kind {kind!r}")
    codes = code_lists[data["codes"]] if "codes" in data else None
    if (codes is None) != (kind not in _CODED_KINDS):
        raise ValueError(f"column {data['name']!r}: a code column, and only one, names its codes")
    if "date_of" in data and (kind != "date" or data["date_of"] not in DATE_ROLES):
        raise ValueError(
            f"column {data['name']!r}: date_of is for date columns, one of {sorted(DATE_ROLES)}"
        )
    return ColumnDescription(
        **{**data, "codes": codes, "headings": tuple(data.get("headings", ()))}
    )


def _feed(data: Mapping[str, Any]) -> Feed:
    follows = data.get("follows")
    feed = Feed(
        family=data["family"],
        natural_key=tuple(data.get("natural_key", ())),
        window_date=data.get("window_date"),
        runs_until=data.get("runs_until"),
        follows=FollowedParent(**follows) if follows else None,
        when=data.get("when"),
    )
    if feed.window_date and feed.runs_until:
        raise ValueError(f"feed {feed.family}: a window date or a running end, not both")
    if bool(feed.follows) == bool(feed.natural_key):
        raise ValueError(f"feed {feed.family}: either a natural key or a parent it follows")
    if feed.is_dated and len(feed.natural_key) != 2:
        raise ValueError(f"feed {feed.family}: a dated record's key is its subject and its date")
    return feed


def _table(
    data: Mapping[str, Any],
    code_lists: Mapping[str, CodeList],
    shared_columns: list[Mapping[str, Any]],
    shared_feeds: list[Mapping[str, Any]],
) -> TableDescription:
    child_list = data.get("child_list", False)
    columns = [*(shared_columns if child_list else ()), *data["columns"]]
    feeds = [*data.get("feeds", ()), *(shared_feeds if child_list else ())]
    return TableDescription(
        name=data["name"],
        title=data.get("title", data["name"]),
        description=data["description"],
        columns=tuple(_column(column, code_lists) for column in columns),
        optional=data.get("optional", False),
        identifier=data.get("identifier"),
        natural_key=tuple(data.get("natural_key", ())),
        keeps_extra_columns=data.get("keeps_extra_columns", True),
        date_pairs=tuple(DatePair(**pair) for pair in data.get("date_pairs", ())),
        parents=tuple(ParentReference(**parent) for parent in data.get("parents", ())),
        feeds=tuple(_feed(feed) for feed in feeds),
        list_number=data.get("list"),
        element=data.get("element"),
        header_column=data.get("header_column"),
    )


def _workbook(data: Mapping[str, Any]) -> WorkbookRules:
    return WorkbookRules(
        sheet_name_forms=tuple(data["sheet_names"]["forms"]),
        sheet_name_ignored_characters=data["sheet_names"]["ignored_characters"],
        heading_ignored_endings=tuple(data["headings"]["ignored_endings"]),
        empty_values=tuple(str(v) for v in data["empty_values"]),
        answer_forms=tuple(re.compile(form) for form in data["answer_forms"]),
        date_text_formats=tuple(data["dates"]["text_formats"]),
        date_serials=bool(data["dates"]["serials"]),
    )


def _check_references(description: FormatDescription) -> None:
    """Every column a table's keys, pairs, parents and feeds name is one of its columns."""
    tables = {table.name: table for table in description.tables}
    families = {feed.family for table in description.tables for feed in table.feeds}
    for table in description.tables:
        names = set(table.column_names)
        if len(names) != len(table.columns):
            raise ValueError(f"{table.name}: a column is described twice")
        named = [
            *([table.identifier] if table.identifier else ()),
            *table.natural_key,
            *(column for pair in table.date_pairs for column in (pair.start, pair.end)),
            *(parent.column for parent in table.parents),
            *(parent.exempt_when for parent in table.parents if parent.exempt_when),
            *(parent.not_before.column for parent in table.parents if parent.not_before),
            *([table.header_column] if table.header_column else ()),
        ]
        for feed in table.feeds:
            named += [*feed.natural_key, *(c for c in (feed.window_date, feed.runs_until, feed.when) if c)]
            if feed.follows:
                named.append(feed.follows.column)
                if feed.follows.family not in families:
                    raise ValueError(f"{table.name}: follows unknown family {feed.follows.family!r}")
        missing = [column for column in named if column not in names]
        if missing:
            raise ValueError(f"{table.name}: names columns it does not have: {missing}")
        for parent in table.parents:
            if parent.table not in tables or not tables[parent.table].identifier:
                raise ValueError(f"{table.name}: parent {parent.table!r} has no identifier")
            if parent.not_before:
                kinds = {column.name: column.kind for column in tables[parent.table].columns}
                own = {column.name: column.kind for column in table.columns}
                if kinds.get(parent.not_before.parent_column) != "date" or own.get(parent.not_before.column) != "date":
                    raise ValueError(f"{table.name}: not_before compares two dates: {parent.not_before.column} "
                                     f"and {parent.table}.{parent.not_before.parent_column}")
        for column in table.columns:
            if column.pseudonym and column.pseudonym in names:
                raise ValueError(f"{table.name}: pseudonym {column.pseudonym!r} is also a column")
    if description.child_table and description.child_table not in tables:
        raise ValueError(f"child table {description.child_table!r} is not described")
