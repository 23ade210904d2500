"""The app's only door to the serving database.

The app holds one read-only connection to the serving file in place and reads through it
(a cursor per read, so Streamlit's script threads read side by side). A refresh never writes
that file: it writes a new one and moves it into place with `os.replace`, so a connection to the
old file never blocks it. Before every read the file's identity (device, inode, modification
time, size) is compared with the one the connection was opened on; when a publication has
replaced the file, a connection to the new file is opened and the old one is closed once its
last read ends. If opening meets a lock or a missing file (a refresh mid-swap), it waits a
little and tries again. Results are cached for a short while, keyed on the file's identity as
well as the query, so a newly published file is read straight away rather than after the cache
expires. A published file never changes, so its tables and their columns are read once, when
its connection opens, and every later question about them is answered from memory.

All SQL the app runs is here, written against the column names of docs/architecture.md and the
metrics contract, so a change of contract touches this file only.

At national scale the big tables hold every authority's rows, stored authority by authority
(the publisher sorts them by la_code), so a query that names its authorities with `la_code = ?`
or `la_code IN (?, ...)` reads only their part of the table; metric_values_whole_authority,
which the comparison of every authority reads one metric of, is stored metric by metric
(orchestration.serving_publication.STORED_ORDER), so `metric_id = ?` reads only that metric's.

Case-level tables (the work lists, the `*_details` tables behind the numbers, the quarantine,
anything with a `person_id`) are not read here: `query` refuses SQL that names one, and their
rows come only through app.case_rows, which takes the viewer and applies their role. The one
function that reads them unchecked, `query_case_level`, is for app.case_rows alone (a test
holds every other module to that).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVING_PATH = REPOSITORY_ROOT / "data" / "serving.duckdb"
CACHE_SECONDS = 60
# Waits between attempts while a refresh swaps the file: about 1.5 seconds in all.
RETRY_DELAYS_SECONDS = (0.05, 0.1, 0.2, 0.4, 0.8)

WORKLIST_TABLES = (
    "worklist_open_assessments",
    "worklist_s47_without_icpc",
    "worklist_cwd_not_assessed",
    "worklist_oversight_overdue",
    "worklist_homeless_without_s20_advice",
)
# Tables of one row per child or case, known by name even before they are published.
CASE_LEVEL_NAME = re.compile(r"worklist_\w+|\w+_details|quarantine|value_notes")
# A column that marks a published table as case-level whatever its name.
CASE_ID_COLUMN = "person_id"
_WORD = re.compile(r"[a-z_][a-z0-9_]*")


# The session's key for the file of the kept publication being shown (app.publication_choice).
KEPT_PUBLICATION_FILE_KEY = "kept_publication_file"


class ServingDatabaseError(RuntimeError):
    """The serving database exists but could not answer; the message says why in plain words."""


class CaseLevelQueryRefused(PermissionError):
    """SQL naming a case-level table was given to `query`: such rows come from app.case_rows."""


def latest_serving_path() -> Path:
    """Where the serving database is: CSC_SERVING_PATH, made absolute, or the repository default."""
    configured = os.environ.get("CSC_SERVING_PATH", "").strip()
    if not configured:
        return DEFAULT_SERVING_PATH
    return Path(configured).expanduser().absolute()


def serving_path() -> Path:
    """The file every page reads: a kept publication the viewer chose (app.publication_choice
    puts its file in the session), else the latest serving database."""
    kept = st.session_state.get(KEPT_PUBLICATION_FILE_KEY)
    return Path(kept) if kept else latest_serving_path()


def _file_identity(path: Path) -> tuple[int, int, int, int] | None:
    """Which file is in place (device, inode, modification time, size), or None when there is
    none.

    A refresh moves a new file into place, which changes the inode, so neither a cached result
    nor the open connection of the old file is used for the new one. A missing file is looked
    for again briefly, in case a refresh that does not replace atomically is between deleting
    and moving.
    """
    for delay in (*RETRY_DELAYS_SECONDS[:2], None):
        try:
            status = path.stat()
            return status.st_dev, status.st_ino, status.st_mtime_ns, status.st_size
        except FileNotFoundError:
            if delay is None:
                return None
            time.sleep(delay)
    return None


def publication_key() -> tuple[str, tuple[int, int, int, int] | None]:
    """Which file the pages read now (its path and identity): the key under which a page
    caches what it works out from the file, so that a new publication is never answered from
    the old one."""
    path = serving_path()
    return str(path), _file_identity(path)


def database_exists() -> bool:
    return _file_identity(serving_path()) is not None


_CATALOG = "serving"


class _OpenFile:
    """The read-only connection to one published file, shared by the threads reading it.

    The file is attached to an in-memory database of its own rather than opened by path:
    DuckDB hands a second connection to a path already open in the process the database it
    has, which after a publication is the old file."""

    def __init__(self, path: str, identity: tuple[int, int, int, int] | None):
        self.path, self.identity = path, identity
        self.readers = 0  # reads under way
        self.replaced = False  # no longer in _open_files: close after its last read
        last_error: duckdb.Error | None = None
        for delay in (*RETRY_DELAYS_SECONDS, None):
            connection = None
            try:
                connection = duckdb.connect(":memory:")
                connection.execute(f"ATTACH ? AS {_CATALOG} (READ_ONLY)", [path])
                self.columns = _published_columns(connection)
                self.connection = connection
                return
            except duckdb.IOException as error:  # locked, or missing while being replaced
                if connection is not None:
                    connection.close()
                last_error = error
                if delay is not None:
                    time.sleep(delay)
        raise ServingDatabaseError(
            f"The serving database at {path} stayed locked or missing for "
            f"{sum(RETRY_DELAYS_SECONDS):.1f} seconds; a refresh may still be publishing it. "
            f"Reload the page in a moment. DuckDB said: {last_error}"
        )


def _published_columns(connection: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """Every published table with its columns in order, read once per file."""
    columns: dict[str, list[str]] = {}
    for table, column in connection.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_catalog = ? and table_schema = 'main' order by table_name, ordinal_position",
        [_CATALOG],
    ).fetchall():
        columns.setdefault(table, []).append(column)
    return {table: tuple(names) for table, names in columns.items()}


# The files open, the most recently read last: the latest publication, and the kept ones
# that viewers chose to look at (app.publication_choice). Beyond a few, the longest unread closes.
_OPEN_FILES = 4
_open_files: OrderedDict[str, _OpenFile] = OrderedDict()
_open_files_lock = threading.Lock()


def _opened(path: str, identity: tuple[int, int, int, int]) -> _OpenFile:
    """The open file at `path` as `identity` describes it, opening it when the file there is
    not the one open (lock held)."""
    current = _open_files.get(path)
    if current is None or current.identity != identity:
        # The file as it is now: `identity` may be older than the connection already open.
        # (A publication between this look and the opening labels the new connection with
        # an older identity, which only means one more reopening at the next read.)
        now = _file_identity(Path(path))
        if current is None or current.identity != now:
            opened = _OpenFile(path, now)
            if current is not None:
                _retire(current)
            _open_files[path] = current = opened
            while len(_open_files) > _OPEN_FILES:
                _retire(_open_files.popitem(last=False)[1])
    _open_files.move_to_end(path)
    return current


@contextmanager
def _cursor(path: str, identity: tuple[int, int, int, int]) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the connection to the file at `path` as `identity` describes it."""
    with _open_files_lock:
        current = _opened(path, identity)
        current.readers += 1
        cursor = current.connection.cursor()
    try:
        cursor.execute(f"USE {_CATALOG}")
        yield cursor
    finally:
        cursor.close()
        with _open_files_lock:
            current.readers -= 1
            if current.replaced and current.readers == 0:
                current.connection.close()


def close_files() -> None:
    """Close every open file's connection (after the reads under way): the next read opens
    the file again, as the first read of a newly published one does."""
    with _open_files_lock:
        while _open_files:
            _retire(_open_files.popitem()[1])


def _retire(open_file: _OpenFile) -> None:
    """Close a replaced (or long unread) file's connection now, or after the reads under way
    (lock held)."""
    open_file.replaced = True
    if open_file.readers == 0:
        open_file.connection.close()


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=512)
def _read(path: str, identity: tuple[int, int, int, int], sql: str, params: tuple) -> pd.DataFrame:
    """Run one query on the serving file in place. `identity` keys the cache, and says whether
    the open connection is to this file."""
    with _cursor(path, identity) as cursor:
        try:
            return cursor.execute(sql, list(params)).df()
        except duckdb.Error as error:
            raise ServingDatabaseError(
                f"The serving database at {path} could not answer a query; it may have been "
                f"published by a different version of the warehouse. DuckDB said: {error}"
            ) from error


def _query(sql: str, params: Sequence = (), path: Path | None = None) -> pd.DataFrame:
    """The rows of one query; an empty frame when there is no serving database yet."""
    path = path or serving_path()
    identity = _file_identity(path)
    if identity is None:
        return pd.DataFrame()
    return _read(str(path), identity, sql, tuple(params))


def query(sql: str, params: Sequence = ()) -> pd.DataFrame:
    """The rows of one query of aggregate tables. SQL naming a case-level table is refused."""
    named = set(_WORD.findall(sql.lower()))
    published = case_level_tables()
    case_level = sorted(n for n in named if CASE_LEVEL_NAME.fullmatch(n) or n in published)
    if case_level:
        raise CaseLevelQueryRefused(
            f"{', '.join(case_level)} holds case-level rows, which are read through "
            "app.case_rows with the viewer, never by a plain query."
        )
    return _query(sql, params)


def query_case_level(sql: str, params: Sequence = ()) -> pd.DataFrame:
    """A query of case-level tables WITHOUT any check of who is looking: for app.case_rows
    only, which adds the viewer's conditions to the SQL and records the access."""
    return _query(sql, params)


def _schema(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """The published tables of the file with their columns (empty when there is no file),
    as read when its connection opened."""
    path = path or serving_path()
    identity = _file_identity(path)
    if identity is None:
        return {}
    with _open_files_lock:
        return _opened(str(path), identity).columns


def table_names() -> frozenset[str]:
    """The tables published in the serving database (empty when there is none)."""
    return frozenset(_schema())


def has_table(name: str) -> bool:
    return name in _schema()


def table_columns(name: str) -> list[str]:
    """The columns of a published table, in order (empty when it is not published)."""
    return list(_schema().get(name, ()))


def case_level_tables() -> frozenset[str]:
    """The published tables holding a row per child or case (see CASE_LEVEL_NAME)."""
    return frozenset(
        table for table, columns in _schema().items()
        if CASE_ID_COLUMN in columns or CASE_LEVEL_NAME.fullmatch(table)
    )


def is_case_level(name: str) -> bool:
    return bool(CASE_LEVEL_NAME.fullmatch(name)) or name in case_level_tables()


def _rows(table: str, sql: str, params: Sequence = ()) -> pd.DataFrame:
    """`sql` when `table` is published, otherwise an empty frame (pages say what is missing)."""
    return _query(sql, params) if has_table(table) else pd.DataFrame()


# -- Authorities and freshness -------------------------------------------------------------

def authorities() -> pd.DataFrame:
    """One row per loaded authority: la_code, snapshot_date, loaded_at."""
    return _rows(
        "authorities",
        "select la_code, snapshot_date, loaded_at from authorities order by la_code",
    )


def publications() -> pd.DataFrame:
    """The kept publications, oldest first, as the latest serving database lists them
    (whichever publication is being shown): publication_id, published_at, run_id, file,
    snapshots."""
    path = latest_serving_path()
    if "publications" not in _schema(path):
        return pd.DataFrame()
    return _query(
        "select publication_id, published_at, run_id, file, snapshots from publications "
        "order by published_at",
        path=path,
    )


def refresh_info() -> pd.DataFrame:
    return _rows("refresh_info", "select published_at, run_id from refresh_info")


def current_loads() -> pd.DataFrame:
    """Each authority's load of its current snapshot, with how many rows it quarantined."""
    if not {"authorities", "snapshot_loads"} <= _schema().keys():
        return pd.DataFrame()
    return _query(
        """
        select a.la_code, a.snapshot_date, a.loaded_at, l.load_id, l.rows_read,
               l.rows_loaded, l.rows_quarantined
        from authorities a
        left join (
            select * from snapshot_loads where status = 'loaded'
            qualify row_number() over (
                partition by la_code, snapshot_date order by finished_at desc) = 1
        ) l using (la_code, snapshot_date)
        order by a.la_code
        """
    )


# -- Metrics --------------------------------------------------------------------------------

def metric_catalogue() -> pd.DataFrame:
    """Every column of the catalogue (extra ones, such as the England figure's source, too)."""
    return _rows("metric_catalogue", "select * from metric_catalogue")


def _one_of(column: str, values: Sequence[str]) -> str:
    """`column IN (?, ...)`, one placeholder a value: a filter DuckDB can answer from the parts
    of the table that hold those values (an empty list matches nothing)."""
    if not values:
        return "false"
    return f"{column} in ({', '.join('?' for _ in values)})"


def metric_slices(la_codes: Sequence[str]) -> pd.DataFrame:
    """Which metrics the authorities have, and with which slices: metric_id, dimension (the
    mart metric_slices; from metric_values in a publication made before it)."""
    table = "metric_slices" if has_table("metric_slices") else "metric_values"
    return _rows(
        table,
        f"""
        select distinct metric_id, dimension from {table}
        where {_one_of("la_code", la_codes)} order by metric_id, dimension
        """,
        list(la_codes),
    )


def _history_columns(table: str, prefix: str = "") -> str:
    """`history_complete, history_note` when the table has them (published since the history
    flags), else the same columns as true and NULL, so every reader can rely on them."""
    if "history_complete" in table_columns(table):
        return f"{prefix}history_complete, {prefix}history_note"
    return "true as history_complete, cast(null as varchar) as history_note"


# The columns metric_values gives, in order: the values', then the history flag's.
_METRIC_VALUE_FIELDS = (
    "la_code", "metric_id", "period_grain", "period_start", "period_end", "period_complete",
    "dimension", "dimension_value", "numerator", "denominator", "value",
)
METRIC_VALUES_COLUMNS = (*_METRIC_VALUE_FIELDS, "history_complete", "history_note")


def _with_fixed_text(rows: pd.DataFrame, columns: Sequence[str], **fixed: str) -> pd.DataFrame:
    """`rows` with a text column of one value each (`fixed`), in the order `columns`, typed as
    DuckDB types a text column it reads (that of la_code): the frame the query would have
    given had it selected them."""
    if rows.empty and not len(rows.columns):  # no serving database
        return rows
    text = rows["la_code"].dtype
    return pd.DataFrame({name: pd.Series(fixed[name], index=rows.index, dtype=text) if name in fixed
                         else rows[name] for name in columns}, index=rows.index)


def metric_values(
    la_codes: Sequence[str], metric_id: str, period_grain: str, dimensions: Sequence[str]
) -> pd.DataFrame:
    """The rows of metric_values for these authorities, metric, grain and slices, with their
    history flag (history_complete, history_note). The whole authority's rows alone come from
    the mart that holds only them (metric_values_whole_authority), when it is published."""
    if list(dimensions) == ["all"] and has_table("metric_values_whole_authority"):
        # The columns the query fixes are added to the rows read rather than read with them:
        # every authority's line is 7,560 rows, and DuckDB making each of their texts a Python
        # string for pandas was about half the read.
        rows = _query(
            f"""
            select la_code, period_start, period_end, period_complete, numerator, denominator,
                   value, history_complete, history_note
            from metric_values_whole_authority
            where {_one_of("la_code", la_codes)} and metric_id = ? and period_grain = ?
            order by la_code, period_start
            """,
            [*la_codes, metric_id, period_grain],
        )
        return _with_fixed_text(rows, METRIC_VALUES_COLUMNS, metric_id=metric_id,
                                period_grain=period_grain, dimension="all", dimension_value="all")
    return _rows(
        "metric_values",
        f"""
        select {", ".join(_METRIC_VALUE_FIELDS)}, {_history_columns("metric_values")}
        from metric_values
        where {_one_of("la_code", la_codes)} and metric_id = ? and period_grain = ?
          and {_one_of("dimension", dimensions)}
        order by la_code, period_start, dimension, dimension_value
        """,
        [*la_codes, metric_id, period_grain, *dimensions],
    )


_LATEST_VALUES_COLUMNS = (
    "la_code, metric_id, period_start, value, denominator, history_complete, history_note, recency"
)


def latest_complete_values(la_code: str, period_grain: str) -> pd.DataFrame:
    """Each metric's latest two complete periods of a grain, whole authority, newest first."""
    if not has_table("metric_latest_values"):
        every_authority = _latest_values_from_metric_values(period_grain)
        if every_authority.empty:  # not published
            return every_authority
        return (
            every_authority.loc[every_authority["la_code"] == la_code]
            .drop(columns="la_code")
            .reset_index(drop=True)
        )
    return _query(
        f"""
        select {_LATEST_VALUES_COLUMNS.removeprefix("la_code, ")} from metric_latest_values
        where la_code = ? and period_grain = ? order by metric_id, recency
        """,
        [la_code, period_grain],
    )


def latest_complete_values_of_all(period_grain: str) -> pd.DataFrame:
    """latest_complete_values of every authority, with la_code, for a page comparing them all."""
    if not has_table("metric_latest_values"):
        return _latest_values_from_metric_values(period_grain)
    return _query(
        f"""
        select {_LATEST_VALUES_COLUMNS} from metric_latest_values
        where period_grain = ? order by la_code, metric_id, recency
        """,
        [period_grain],
    )


def _latest_values_from_metric_values(period_grain: str) -> pd.DataFrame:
    """What the mart metric_latest_values holds, worked out from every authority's
    metric_values: for a publication made before the mart."""
    return _rows(
        "metric_values",
        f"""
        select la_code, metric_id, period_start, value, denominator,
               {_history_columns("metric_values")},
               row_number() over (
                   partition by la_code, metric_id order by period_start desc) as recency
        from metric_values
        where period_grain = ? and dimension = 'all' and period_complete
        qualify recency <= 2
        order by la_code, metric_id, recency
        """,
        [period_grain],
    )


def metric_availability(la_code: str) -> pd.DataFrame:
    """What the authority's deliveries can show, per metric and period: metric_id,
    period_grain, period_start, available, unavailable_reason (marts.metric_availability)."""
    return _rows(
        "metric_availability",
        """
        select metric_id, period_grain, period_start, available, unavailable_reason
        from metric_availability
        where la_code = ?
        order by metric_id, period_grain, period_start
        """,
        [la_code],
    )


def improvement_tracker(la_code: str) -> pd.DataFrame:
    return _rows(
        "improvement_tracker",
        "select * from improvement_tracker where la_code = ? order by improvement_area, metric_id",
        [la_code],
    )


def tracker_months(la_code: str) -> pd.DataFrame:
    """The complete months improvement_tracker_history judged for an authority: month_start,
    newest first."""
    return _rows(
        "improvement_tracker_history",
        """
        select distinct month_start from improvement_tracker_history where la_code = ?
        order by month_start desc
        """,
        [la_code],
    )


def scorecard_months(
    la_code: str, month_start: object | None, areas: Sequence[int], history_too_short: str
) -> pd.DataFrame:
    """What the overview's cards need, read at once (app.scorecard): every metric's row of
    improvement_tracker_history at `month_start` (the authority's latest month when None), for
    the metrics that have one, with

    - trusted: its history is long enough (history_complete not false, status not
      `history_too_short`), so it may be compared or drawn in the line;
    - before_month_start, before_judged_value, before_judged_window_months, before_trusted:
      the metric's latest row before that month, whichever month it is (NULL when none);
    - trend: the judged values of its trusted months up to that one, oldest first.

    An authority the tracker has no month of (before the tracker is published, or when it
    judged none of its months) has its months from metric_values instead: each complete
    month's whole-authority value of the metrics of `areas`, judged on itself, no status."""
    rows = pd.DataFrame()
    for source in ("improvement_tracker_history", "metric_values"):
        if has_table(source):
            rows = _scorecard_months(source, la_code, month_start, areas, history_too_short)
            if not rows.empty:
                break
    return rows


def _scorecard_months(
    source: str, la_code: str, month_start: object | None, areas: Sequence[int], history_too_short: str
) -> pd.DataFrame:
    """scorecard_months with the months from `source`. The months before are worked out on
    their few columns alone, by aggregates rather than windows, and the whole row is read for
    the chosen month only: windows over the whole rows cost a cold overview several ms."""
    if source == "metric_values" and not has_table("metric_catalogue"):
        return pd.DataFrame()
    if source == "improvement_tracker_history":
        months, months_params = "select * from improvement_tracker_history where la_code = ?", [la_code]
    else:
        months = f"""
            select v.metric_id, v.period_start as month_start, v.value as month_value,
                   v.denominator as month_denominator, 1 as judged_window_months,
                   v.value as judged_value, v.denominator as judged_denominator,
                   cast(null as varchar) as status, cast(null as varchar) as status_reason,
                   {_history_columns("metric_values", "v.")}, c.target, c.england_value
            from metric_values v inner join metric_catalogue c using (metric_id)
            where v.la_code = ? and v.period_grain = 'month' and v.dimension = 'all'
              and v.period_complete and {_one_of("c.improvement_area", areas)}
            """
        months_params = [la_code, *areas]
    history_long_enough = (
        "coalesce(history_complete, true)" if "history_complete" in table_columns(source) else "true")
    chosen = None if month_start is None else pd.Timestamp(month_start).date()
    return _query(
        f"""
        with months as (
            select metric_id, month_start, judged_value, judged_window_months,
                   {history_long_enough} and status is distinct from ? as trusted
            from ({months})
        ),
        chosen as (select coalesce(cast(? as date), max(month_start)) as month_start from months),
        lines as (
            select metric_id,
                   max(months.month_start) filter (where months.month_start < chosen.month_start)
                       as before_month_start,
                   coalesce(list(judged_value order by months.month_start)
                       filter (where trusted and judged_value is not null), []) as trend
            from months, chosen where months.month_start <= chosen.month_start
            group by metric_id
        )
        select this.*, now.trusted,
               before.month_start as before_month_start,
               before.judged_value as before_judged_value,
               before.judged_window_months as before_judged_window_months,
               before.trusted as before_trusted,
               lines.trend
        from (
            select * from ({months}) where month_start = (select month_start from chosen)
        ) this
        inner join months now on now.metric_id = this.metric_id and now.month_start = this.month_start
        inner join lines on lines.metric_id = this.metric_id
        left join months before
            on before.metric_id = this.metric_id and before.month_start = lines.before_month_start
        order by this.metric_id
        """,
        [history_too_short, *months_params, chosen, *months_params],
    )


def latest_financial_years(la_code: str, month_start: object) -> pd.DataFrame:
    """Each metric slice's latest complete financial year ended by the end of the month
    `month_start`: metric_id, dimension, dimension_value, period_start, value, history_complete,
    history_note (the overview's year beside each card)."""
    return _rows(
        "metric_values",
        f"""
        select metric_id, dimension, dimension_value, max(period_start) as period_start,
               arg_max_null(value, period_start) as value,
               arg_max_null(history_complete, period_start) as history_complete,
               arg_max_null(history_note, period_start) as history_note
        from (
            select metric_id, dimension, dimension_value, period_start, value,
                   {_history_columns("metric_values")}
            from metric_values
            where la_code = ? and period_grain = 'financial_year' and period_complete
              and period_end <= last_day(cast(? as date))
        )
        group by metric_id, dimension, dimension_value
        """,
        [la_code, pd.Timestamp(month_start).date()],
    )


# -- Loads, ledger and quarantine ------------------------------------------------------------

def delivery_freshness() -> pd.DataFrame:
    """Every loaded snapshot with its newest activity and whether it is stale (a mart)."""
    return _rows(
        "delivery_freshness",
        """
        select la_code, extract_date, load_id, newest_activity_date, newest_activity,
               working_days_before_extract, stale_after_working_days, is_stale, is_current,
               stale_note
        from delivery_freshness order by la_code, extract_date desc
        """,
    )


def snapshot_loads() -> pd.DataFrame:
    return _rows(
        "snapshot_loads",
        """
        select load_id, la_code, snapshot_date, status, message, files, rows_read, rows_loaded,
               rows_quarantined, started_at, finished_at
        from snapshot_loads order by started_at desc, la_code
        """,
    )


def load_ledger(load_id: str) -> pd.DataFrame:
    return _rows(
        "load_ledger",
        """
        select table_name, file_name, status, message, rows_read, rows_loaded, rows_quarantined,
               size_bytes, sha256
        from load_ledger where load_id = ? order by table_name
        """,
        [load_id],
    )


def value_note_counts(load_id: str) -> pd.DataFrame:
    """How many values of each table were loaded as empty by each rule in one load (an Annex A
    workbook's unreadable values in columns that are not required); empty when none, or when
    the serving database has no value notes."""
    return _rows(
        "value_notes",
        """
        select table_name, rule, count(*) as noted_values
        from value_notes where load_id = ?
        group by table_name, rule order by noted_values desc, table_name, rule
        """,
        [load_id],
    )


def quarantine_counts(load_id: str) -> pd.DataFrame:
    """How many rows broke each rule of each table in one load (a row can break several)."""
    return _rows(
        "quarantine",
        """
        select table_name, rule, count(distinct source_row) as quarantined_rows
        from quarantine where load_id = ?
        group by table_name, rule order by quarantined_rows desc, table_name, rule
        """,
        [load_id],
    )


def held_acceptances() -> pd.DataFrame:
    """Deliveries held for review that an operator accepted: load_id, la_code, snapshot_date,
    accepted_by, accepted_at, held_message (empty before the table was published)."""
    return _rows(
        "held_acceptances",
        """
        select load_id, la_code, snapshot_date, accepted_by, accepted_at, held_message
        from held_acceptances order by accepted_at desc
        """,
    )


def absent_columns(load_id: str) -> pd.DataFrame:
    """The format's columns the load's files (or list sheets) left out: table_name,
    delivered_in (where the format delivers the table, in words; the table's name in a file
    published before it was given), column_name."""
    delivered_in = "delivered_in" if "delivered_in" in table_columns("absent_columns") else "table_name"
    return _rows(
        "absent_columns",
        f"""
        select table_name, {delivered_in} as delivered_in, column_name from absent_columns
        where load_id = ? order by table_name, column_name
        """,
        [load_id],
    )


def worklist_availability(la_code: str) -> pd.DataFrame:
    """Which work lists the authority can have: worklist, available, unavailable_reason
    (marts.worklist_availability)."""
    return _rows(
        "worklist_availability",
        """
        select worklist, available, unavailable_reason from worklist_availability
        where la_code = ? order by worklist
        """,
        [la_code],
    )


def landing_notices() -> pd.DataFrame:
    """Folders of the landing area the last refresh could not load: folder, kind, message."""
    return _rows(
        "landing_notices",
        "select folder, la_code, kind, message, since from landing_notices order by folder",
    )



# -- Changes after the fact -----------------------------------------------------------------

def changes_after_the_fact_counts(la_code: str) -> pd.DataFrame:
    """How many changes after the fact touch each month's figures, per team and finding."""
    return _rows(
        "changes_after_the_fact_monthly",
        """
        select period_start, team, finding, changes from changes_after_the_fact_monthly
        where la_code = ? order by period_start, team, finding
        """,
        [la_code],
    )


def metric_value_moves(la_code: str) -> pd.DataFrame:
    """The monthly values the changes after the fact moved: before, now, by how much."""
    return _rows(
        "metric_value_moves",
        """
        select m.metric_id, c.title as metric, m.period_start, m.numerator_before,
               m.denominator_before, m.value_before, m.numerator_now, m.denominator_now,
               m.value_now, m.value_now - m.value_before as value_change
        from metric_value_moves m left join metric_catalogue c using (metric_id)
        where m.la_code = ? order by m.metric_id, m.period_start
        """,
        [la_code],
    )


def snapshot_load(la_code: str, extract_date: str) -> pd.DataFrame:
    """The load of one snapshot (load_id, kind, finished_at): the one that counts."""
    return _rows(
        "snapshot_loads",
        """
        select load_id, kind, finished_at from snapshot_loads
        where la_code = ? and snapshot_date = cast(? as date) and status = 'loaded'
        order by finished_at desc limit 1
        """,
        [la_code, extract_date],
    )
