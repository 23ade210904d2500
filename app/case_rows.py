"""The only way to case-level rows: work lists, the cases behind a number, quarantined records.

Every function here takes the viewer (app.roles.Viewer) and applies their role in the SQL it
runs, so a page that forgets to check still cannot show a leader a case:

- a leader gets `CaseRowsRefused` (a plain message; app.main shows it in place of the page);
- a manager gets the rows of their own teams in that authority only (the table's `team`
  column); a table without one (the quarantine) is refused to them;
- an auditor or a data engineer gets every row.

Each read is written to the access log (app.access_log) before its rows are returned: who,
when, page, table, authority, filters and how many rows. The same view in the same browser
session (same page, table, filters and number of rows) is recorded once, so a page redrawn
after a click does not flood the log; a new visit, a new filter or a download is recorded
again. If the log cannot be written, no rows are returned.

Reading the cases behind any number is one call. For a cohort view of the published
`*_details` tables:

    rows = case_rows.case_rows(
        viewer, "assessment_details", la_code, page="Metric explorer",
        where={"authorised_date": Between(period_start, period_end), "team": "Team A"},
        columns=["person_id", "assessment_id", "team", "worker_id", "authorised_date",
                 "assessment_within_45wd"],
        order_by=["authorised_date"],
    )
    downloads.offer_csv(rows, label="Download these cases (CSV)", file_name=...,
                        key=..., access=case_rows.download_recorder(viewer, rows, ...))

`where` maps a column to a value (equal), a list of values (one of; an empty list matches
nothing), `Between(low, high)` (inclusive) or `Excluding(values)`. Column names are checked
against the published table, values are passed as parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from app import access_log, serving_db
from app.roles import Viewer

TEAM_COLUMN = "team"


class CaseRowsRefused(PermissionError):
    """The viewer's role does not include these rows; the message says so in plain words."""


@dataclass(frozen=True)
class Between:
    low: object
    high: object


@dataclass(frozen=True)
class Excluding:
    values: tuple

    def __init__(self, values: Sequence[object]):
        object.__setattr__(self, "values", tuple(values))


Condition = object  # a value, a list of values, Between or Excluding


@dataclass(frozen=True)
class Access:
    """What one read asked for, as the access log records it."""

    page: str
    table: str
    la_code: str | None
    filters: Mapping[str, object]
    rows: int


def case_rows(
    viewer: Viewer | None,
    table: str,
    la_code: str,
    *,
    page: str,
    where: Mapping[str, Condition] | None = None,
    columns: Sequence[str] | None = None,
    order_by: Sequence[str] = (),
) -> pd.DataFrame:
    """The rows of a case-level table of one authority that the viewer may see (recorded)."""
    where = dict(where or {})
    published = _published_columns(viewer, table)
    if not published:
        return pd.DataFrame(columns=list(columns or []))
    _check_columns(table, published, [*where, *(columns or ()), *order_by])
    clauses, params = _viewer_clauses(viewer, table, la_code, published)
    for column, condition in where.items():
        clause, values = _condition(column, condition)
        clauses.append(clause)
        params.extend(values)
    select = ", ".join(columns) if columns else "*"
    order = f" order by {', '.join(order_by)}" if order_by else ""
    rows = serving_db.query_case_level(
        f"select {select} from {table} where {' and '.join(clauses)}{order}", params
    )
    _record(viewer, "view", Access(page, table, la_code, _filters_in_words(where), len(rows)))
    return rows


def visible_teams(viewer: Viewer | None, tables: Sequence[str], la_code: str) -> list[str]:
    """The team names in these tables whose rows the viewer may see (names only, no cases)."""
    if viewer is None or not viewer.sees_case_rows:
        return []
    selects, params = [], []
    for table in tables:
        published = _published_columns(viewer, table)
        if TEAM_COLUMN not in published:
            continue
        clauses, values = _viewer_clauses(viewer, table, la_code, published)
        selects.append(f"select distinct {TEAM_COLUMN} from {table} where {' and '.join(clauses)}")
        params.extend(values)
    if not selects:
        return []
    teams = serving_db.query_case_level(" union ".join(selects), params)
    return sorted(teams[TEAM_COLUMN].dropna().tolist())


def download_recorder(viewer: Viewer, rows: pd.DataFrame, *, page: str, table: str, la_code: str | None,
                      where: Mapping[str, Condition] | None, file_name: str) -> Callable[[], None]:
    """What a download button calls when pressed: records the download of `rows`, in the
    session of the page run that offered them (the press runs outside it)."""
    access = Access(page, table, la_code, _filters_in_words(dict(where or {})), len(rows))
    session = access_log.current_session()

    def record() -> None:
        _record(viewer, "download", access, file_name=file_name, session=session)

    return record


def _published_columns(viewer: Viewer | None, table: str) -> list[str]:
    """The table's columns (empty when not published), after the checks that need no data."""
    if viewer is None or not viewer.sees_case_rows:
        raise CaseRowsRefused(
            "Your role does not include case-level rows (children's ids, dates, teams and "
            "workers). Every aggregate page is open to you; ask your administrator if your work "
            "needs the cases themselves."
        )
    if not serving_db.CASE_LEVEL_NAME.fullmatch(table) and table not in serving_db.case_level_tables():
        raise ValueError(f"{table!r} is not a case-level table of the serving database")
    return serving_db.table_columns(table)


def _viewer_clauses(viewer: Viewer, table: str, la_code: str, published: list[str]) -> tuple[list[str], list]:
    """The conditions every read of `table` carries: the authority, and the viewer's teams."""
    clauses, params = ["la_code = ?"], [la_code]
    if viewer.sees_every_case:
        return clauses, params
    if TEAM_COLUMN not in published:
        raise CaseRowsRefused(
            f"These records ({table}) belong to no team, so they are shown to auditors and data "
            "engineers only."
        )
    teams = sorted(viewer.teams_in(la_code))
    clause, values = _condition(TEAM_COLUMN, teams)
    return [*clauses, clause], [*params, *values]


def _condition(column: str, condition: Condition) -> tuple[str, list]:
    if isinstance(condition, Between):
        return f"{column} between ? and ?", [condition.low, condition.high]
    if isinstance(condition, Excluding):
        if not condition.values:
            return "true", []
        marks = ", ".join("?" for _ in condition.values)
        return f"({column} is null or {column} not in ({marks}))", list(condition.values)
    if isinstance(condition, (list, tuple, set, frozenset)):
        values = sorted(condition, key=str) if isinstance(condition, (set, frozenset)) else list(condition)
        if not values:
            return "false", []
        return f"{column} in ({', '.join('?' for _ in values)})", values
    if condition is None:
        return f"{column} is null", []
    return f"{column} = ?", [condition]


def _check_columns(table: str, published: list[str], named: Sequence[str]) -> None:
    unknown = sorted(set(named) - set(published))
    if unknown:
        raise ValueError(f"{table} has no column {unknown}; its columns are {published}")


def _filters_in_words(where: Mapping[str, Condition]) -> dict[str, object]:
    """The filters as the log keeps them (JSON)."""
    words: dict[str, object] = {}
    for column, condition in where.items():
        if isinstance(condition, Between):
            words[column] = {"from": str(condition.low), "to": str(condition.high)}
        elif isinstance(condition, Excluding):
            words[column] = {"not": [str(v) for v in condition.values]}
        elif isinstance(condition, (list, tuple, set, frozenset)):
            words[column] = sorted(str(v) for v in condition)
        else:
            words[column] = None if condition is None else str(condition)
    return words


def _record(viewer: Viewer, action: str, access: Access, file_name: str | None = None,
            session: str | None = None) -> None:
    details = {"page": access.page, "table": access.table, "la_code": access.la_code,
               "filters": dict(access.filters), "rows": access.rows}
    if file_name is not None:
        details["file_name"] = file_name
    access_log.record(viewer.user, str(viewer.role), action, once_per_session=action == "view",
                      session=session, **details)
