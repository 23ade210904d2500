"""The row-level validation rules: one table of rules, applied as set-based SQL.

Each rule says which columns of a table it looks at (a target finder over the extract format),
when a row breaks it (a SQL condition) and what to tell people: plain words, the same for every
row that breaks the rule on that column, so the quarantine can be counted rule by rule (the
row's own value and record are kept beside them). `failures_query` expands every rule over
every target of a staged group of files into one UNION ALL query, giving one row per rule
broken: the row's place, the column, the value as delivered and the rule's words. No Python
loop ever touches a row.

A group holds the files of many snapshots, so every rule keeps to the row's own file and
snapshot: identifiers are unique within a file, dates are checked against the file's own
extract date, and a reference must find its parent in the same snapshot.

A rule whose column the file leaves out cannot be broken (the column reads as empty, and a
required column missing is a file-level fault), so such targets are skipped.

The same rules serve every format (a workbook's lists are staged like CSV tables, by
workbook_staging), each table's columns parsed by its format's parsers. What a format decides:
whether an unreadable value in a column that is not required costs the row (an SSD extract:
quarantined) or only a note (an Annex A workbook: loaded as empty, noted in audit.value_notes);
rows without an identifier are duplicates by their natural key; a workbook's formula without a
saved value is read as empty and noted.

Placeholders in the templates (filled per target):
  {column} parsed value, {text} trimmed text (NULL when empty), {delivered} as delivered,
  {column_name} the column's name as a SQL literal, {rows} the numbered rows, and the extras a
  target finder adds ({codes}, {start}, {parent_keys} ...). The numbered rows also carry
  `file_index`, `snapshot` and `snapshot_date` (csv_staging.number_rows). Each target also says
  whether breaking the rule costs the row (`costs_row`, SQL true or false). The delivery limits
  (settings.DeliveryLimits) fill {earliest} (a DATE), {earliest_day} (its YYYY-MM-DD),
  {event_years} and {birth_years}.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from orchestration.census_format import CENSUS_TABLES, CIN_CENSUS
from orchestration.csv_staging import ColumnFaces, StagedGroup
from orchestration.extract_format import PERSON_TABLE, TABLES, Column, Kind
from orchestration.settings import DeliveryLimits
from orchestration.sql_text import fill, literal, literal_list
from orchestration.value_parsing import column_parser

Target = dict[str, str]
CENSUS_FORMAT = CIN_CENSUS.name
TargetFinder = Callable[[StagedGroup], list[Target]]


@dataclass(frozen=True)
class Rule:
    name: str
    targets: TargetFinder
    broken_when: str
    says: str
    # Broken because a row the row names (its child, its referral ...) is missing or was
    # quarantined: a quarantine that cascades (delivery_holds counts it).
    cascades: bool = False


def valid_ids_table(table_name: str) -> str:
    """The temporary table of a parent table's identifiers that passed every rule, with their
    snapshot and the dates other tables' rows are compared with: (snapshot, id, <dates>)."""
    return f"valid__{table_name}"


def parent_tables() -> frozenset[str]:
    """Tables whose valid identifiers other tables check against."""
    return frozenset(
        {PERSON_TABLE}
        | {parent.parent_table for table in (*TABLES, *CENSUS_TABLES) for parent in table.parents}
    )


def parent_date_columns(table_name: str) -> tuple[str, ...]:
    """The parent table's dates that rows of other tables must not come before, in the order
    its valid identifiers' table holds them."""
    return tuple(sorted({
        parent.not_before[1] for table in TABLES for parent in table.parents
        if parent.parent_table == table_name and parent.not_before
    }))


def _target(faces: ColumnFaces, column: Column, **extra: str) -> Target:
    return {
        "column": faces.parsed,
        "text": faces.text,
        "delivered": faces.delivered,
        "column_name": literal(column.name),
        "costs_row": "true",
        **extra,
    }


def _each(columns: Callable[[StagedGroup], tuple[Column, ...]], **extra) -> TargetFinder:
    """A finder for the given columns the file has; `extra` maps placeholders to functions of
    the column."""

    def finder(staged: StagedGroup) -> list[Target]:
        return [
            _target(staged.faces[c.name], c, **{k: make(c) for k, make in extra.items()})
            for c in columns(staged)
            if c.name in staged.faces
        ]

    return finder


def _readable(staged: StagedGroup) -> tuple[Column, ...]:
    """Columns whose values can be unreadable (their parser can fail)."""
    return tuple(
        c for c in staged.table.columns if column_parser(staged.table.format_name, c).can_fail
    )


def _unreadable(staged: StagedGroup) -> list[Target]:
    """Columns whose parser can fail, with the parser's test and words; a value that cannot be
    read in a column that is not required costs its row unless the format notes it instead."""
    table, targets = staged.table, []
    for column in _readable(staged):
        if column.name not in staged.faces:
            continue
        parser = column_parser(table.format_name, column)
        target = _target(staged.faces[column.name], column)
        target["unreadable"] = fill(
            parser.unreadable_when, text=target["text"], column=target["column"]
        )
        target["invalid"] = literal(parser.invalid_for(column.codes))
        if not column.required and table.notes_unreadable_optional:
            target["costs_row"] = "false"
        targets.append(target)
    return targets


def _unsaved_formulas(staged: StagedGroup) -> list[Target]:
    """A workbook's columns, for the formulas without a saved value (never a CSV file's)."""
    if staged.unsaved_formulas is None:
        return []
    return [
        {**target, "unsaved": staged.unsaved_formulas, "costs_row": "false"}
        for target in _each(lambda s: s.table.columns)(staged)
    ]


def _identifiers(staged: StagedGroup) -> list[Target]:
    limit = str(staged.table.max_identifier_length)
    return [
        {**target, "limit": limit}
        for target in _each(lambda s: s.table.columns_of(Kind.IDENTIFIER))(staged)
    ]


def _natural_keys(staged: StagedGroup) -> list[Target]:
    """Rows without an identifier of their own are the same record when their natural keys
    match: the target is the key's first column, with the whole key's parsed values."""
    table, faces = staged.table, staged.faces
    if table.identifier_name or not table.natural_key:
        return []
    if not all(name in faces for name in table.natural_key):
        return []
    first = table.natural_key[0]
    return [
        _target(
            faces[first],
            table.column(first),
            key=", ".join(faces[name].parsed for name in table.natural_key),
            key_names=literal(", ".join(table.natural_key)),
            another=literal(
                "record of the return" if table.format_name == CENSUS_FORMAT else "row of the list"
            ),
        )
    ]


def _coded(kind: Kind) -> TargetFinder:
    return _each(
        lambda staged: tuple(c for c in staged.table.columns_of(kind) if c.codes),
        codes=lambda c: literal_list(c.codes.codes),
        code_list=lambda c: literal(c.codes.name),
        codes_text=lambda c: literal(", ".join(c.codes.codes)),
    )


def _date_pairs(staged: StagedGroup) -> list[Target]:
    table, faces = staged.table, staged.faces
    return [
        _target(
            faces[pair.end],
            table.column(pair.end),
            start=faces[pair.start].parsed,
            start_name=literal(pair.start),
        )
        for pair in table.date_pairs
        if pair.start in faces and pair.end in faces
    ]


def _parent_keys(table_name: str) -> str:
    return f"(SELECT (snapshot, id) FROM {valid_ids_table(table_name)})"


def _child_references(staged: StagedGroup) -> list[Target]:
    return _each(
        lambda s: s.table.child_references, parent_keys=lambda c: _parent_keys(PERSON_TABLE)
    )(staged)


def _parent_references(staged: StagedGroup) -> list[Target]:
    table, faces = staged.table, staged.faces
    return [
        _target(
            faces[parent.column],
            table.column(parent.column),
            parent_keys=_parent_keys(parent.parent_table),
            parent_words=literal(
                f"{parent.parent_noun} is not in {parent.parent_table}, or its row there was "
                "quarantined" + (f" ({parent.exemption})" if parent.exemption else "")
            ),
            exempt=(
                f"coalesce({faces[parent.exempt_when].parsed}, false)"
                if parent.exempt_when in faces
                else "false"
            ),
        )
        for parent in table.parents
        if parent.column in faces
    ]


def _parent_dates(staged: StagedGroup) -> list[Target]:
    table, faces = staged.table, staged.faces
    return [
        _target(
            faces[parent.not_before[0]],
            table.column(parent.not_before[0]),
            reference=faces[parent.column].text,
            parent_ids=valid_ids_table(parent.parent_table),
            parent_date=parent.not_before[1],
            parent_words=literal(
                f"date is before its {parent.parent_noun} started ({parent.not_before[1]})"
            ),
        )
        for parent in table.parents
        if parent.not_before and parent.column in faces and parent.not_before[0] in faces
    ]


RULES: tuple[Rule, ...] = (
    Rule(
        "required value empty",
        _each(lambda s: s.table.required_columns),
        broken_when="{text} IS NULL",
        says="'required value is empty'",
    ),
    Rule(
        "unreadable value",
        _unreadable,
        broken_when="{unreadable}",
        says="{invalid}",
    ),
    Rule(
        "formula without a saved value",
        _unsaved_formulas,
        broken_when="list_contains({unsaved}, {column_name})",
        says="'a formula with no saved value (the workbook was saved without being calculated): "
        "read as empty'",
    ),
    Rule(
        "code not in its list",
        _coded(Kind.CODE),
        broken_when="{text} IS NOT NULL AND {column} NOT IN {codes}",
        says="'not one of the ' || {code_list} || ': ' || {codes_text}",
    ),
    Rule(
        "array code not in its list",
        _coded(Kind.CODE_ARRAY),
        broken_when="len(list_filter({column}, lambda code: code NOT IN {codes})) > 0",
        says="'holds a code that is not one of the ' || {code_list}",
    ),
    Rule(
        "identifier too long",
        _identifiers,
        broken_when="length({text}) > {limit}",
        says="'identifier is longer than {limit} characters'",
    ),
    Rule(
        "duplicate identifier",
        _each(lambda s: (s.table.identifier,) if s.table.identifier_name else ()),
        broken_when=(
            "{text} IS NOT NULL AND (file_index, {text}) IN (SELECT (file_index, {text}) "
            "FROM {rows} WHERE {text} IS NOT NULL GROUP BY ALL HAVING count(*) > 1)"
        ),
        says="'identifier appears more than once in the file; every copy is quarantined'",
    ),
    Rule(
        "duplicate natural key",
        _natural_keys,
        broken_when=(
            "{column} IS NOT NULL AND (file_index, {key}) IN (SELECT (file_index, {key}) "
            "FROM {rows} GROUP BY ALL HAVING count(*) > 1)"
        ),
        says="'the same ' || {key_names} || ' as another ' || {another} || ' (a duplicate): every "
        "copy is quarantined'",
    ),
    Rule(
        "end before start",
        _date_pairs,
        broken_when="{column} < {start}",
        says="'end date is before its start date (' || {start_name} || ')'",
    ),
    Rule(
        "date after extract date",
        _each(lambda s: s.table.dates_not_after_extract),
        broken_when="{column} > snapshot_date",
        says="'date is after the extract date (' || CAST(snapshot_date AS VARCHAR) || ')'",
    ),
    # Plausible dates: a placeholder such as 1900-01-01 or 0001-01-01, or a date of birth
    # typed a century out, is no date at all; one floor for every date, and a nearer one for
    # the events of a case and for dates of birth (the format says which date is which).
    Rule(
        "date before the earliest plausible date",
        _each(lambda s: s.table.columns_of(Kind.DATE)),
        broken_when="{column} < {earliest}",
        says="'date is before {earliest_day}: not a plausible date'",
    ),
    Rule(
        "event date implausibly old",
        _each(lambda s: s.table.dates_of("event")),
        broken_when=(
            "{column} >= {earliest} AND {column} < snapshot_date - INTERVAL ({event_years}) YEAR"
        ),
        says=(
            "'date is more than {event_years} years before the extract date (' || "
            "CAST(snapshot_date AS VARCHAR) || '): not a plausible date for this event'"
        ),
    ),
    Rule(
        "date of birth implausibly old",
        _each(lambda s: s.table.dates_of("birth")),
        broken_when=(
            "{column} >= {earliest} AND {column} < snapshot_date - INTERVAL ({birth_years}) YEAR"
        ),
        says=(
            "'date of birth is more than {birth_years} years before the extract date (' || "
            "CAST(snapshot_date AS VARCHAR) || '): too old for a child or young person of "
            "this dataset'"
        ),
    ),
    Rule(
        "child not in ssd_person",
        _child_references,
        broken_when="{text} IS NOT NULL AND (snapshot, {text}) NOT IN {parent_keys}",
        says="'child is not in ssd_person, or its row there was quarantined'",
        cascades=True,
    ),
    Rule(
        "parent row missing",
        _parent_references,
        broken_when=(
            "{text} IS NOT NULL AND NOT {exempt} AND (snapshot, {text}) NOT IN {parent_keys}"
        ),
        says="{parent_words}",
        cascades=True,
    ),
    Rule(
        "dated before its parent",
        _parent_dates,
        broken_when=(
            "{column} < (SELECT parent.{parent_date} FROM {parent_ids} AS parent "
            "WHERE parent.snapshot = file_row.snapshot AND parent.id = {reference})"
        ),
        says="{parent_words}",
    ),
)


def _limit_values(limits: DeliveryLimits) -> dict[str, str]:
    return {
        "earliest": f"DATE '{limits.earliest_date.isoformat()}'",
        "earliest_day": limits.earliest_date.isoformat(),
        "event_years": str(limits.event_date_years),
        "birth_years": str(limits.birth_date_years),
    }


def failures_query(staged: StagedGroup, limits: DeliveryLimits = DeliveryLimits()) -> str:
    """One row per rule a row of the group's kept files breaks: staged_row, file_index,
    source_row, column_name, value, rule, rule_order (for a stable order of a row's failures),
    costs_row (whether it quarantines the row, or is only noted) and cascade (Rule.cascades)."""
    selects = []
    for rule in RULES:
        for target in rule.targets(staged):
            values = {**target, **_limit_values(limits), "rows": staged.numbered}
            selects.append(
                "SELECT file_row.staged_row, file_row.file_index, file_row.source_row, "
                f"{values['column_name']} AS column_name, file_row.{values['delivered']} AS value, "
                f"{fill(rule.says, **values)} AS rule, {len(selects)} AS rule_order, "
                f"{values['costs_row']} AS costs_row, {str(rule.cascades).lower()} AS cascade "
                f"FROM {staged.numbered} AS file_row "
                f"WHERE {fill(rule.broken_when, **values)}"
            )
    return "\nUNION ALL\n".join(selects)
