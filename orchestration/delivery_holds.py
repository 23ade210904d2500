"""Deliveries held for review: a snapshot that would replace good figures with bad ones.

A delivery can pass every file-level rule and still be wrong as a whole: every `pers_sex`
written `Male` quarantines nearly every row, a file cut at a line boundary loses 40% of its
rows, a header-only file empties a table. Before a loaded snapshot replaces an authority's
figures it is compared, table by table (each CSV file; each list of a workbook), with the
rules and with the authority's previous snapshot of the same kind (the newest one in use with
an earlier extract date). It is *held* when

- a required table has more than `max_quarantined_share` of its rows quarantined;
- a table has more than that share of its rows quarantined because the child or record they
  name is missing or was quarantined (a cascade: optional tables too);
- a table the previous snapshot had rows in has none (a header-only file, or no file), or
  fewer by more than `max_row_drop` (but for a CIN census return: see below);

and at least `hold_min_rows` rows are quarantined or gone (a share of a handful of rows says
little: a hand-made delivery of ten rows with one bad row is not a bad delivery).

A held snapshot is loaded into raw (for inspection, with its ledger and quarantine) but its
status is `held`, so the metrics layer, which reads the snapshots with status `loaded`, keeps
the authority's previous figures. Its message says which table and the numbers, in plain
words; so does the ledger entry of each table that held it. An operator who has looked and
judges it right accepts it (`accept_held` on the refresh job, `make refresh ACCEPT=<la>/<date>`):
its status becomes `loaded` and `audit.held_acceptances` records who accepted it, when, in
which run and why it had been held.

An Annex A workbook lists the N months before its extract date, so its lists move with it: a
list is compared with the same list of the authority's previous workbook, over a window of the
same length (like with like, as counts of the same span of months), never with an SSD table.
A CIN census return counts the activity of its own collection year, and a year with a quarter
fewer enquiries than the last is a real year, not a cut file: its tables are held when they are
emptied or quarantined, never for a fall in rows.
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import duckdb

from orchestration.formats.description import TableDescription, all_formats
from orchestration.settings import DeliveryLimits
from orchestration.warehouse_schema import HELD_ACCEPTANCES, utc_now

HELD = "held"
_DESCRIBED: dict[str, tuple[str, TableDescription]] = {
    table.name: (description.name, table)
    for description in all_formats()
    for table in description.tables
}
# Tables of a format whose snapshots each cover their own collection year: counts of two years
# are not two counts of one span.
_YEARLY = {
    table.name
    for description in all_formats()
    if description.window.collection_year
    for table in description.tables
}
_SNAPSHOT_KEY = re.compile(r"(\d{3})/(\d{4}-\d{2}-\d{2})", re.ASCII)


@dataclass(frozen=True)
class TableCount:
    """One table of a loaded snapshot, as its ledger counts it."""

    table_name: str
    rows_read: int
    rows_quarantined: int
    rows_cascaded: int  # quarantined because a row they name is missing or was quarantined


@dataclass(frozen=True)
class Previous:
    """The authority's snapshot in use before this one, of the same kind: rows read per table."""

    snapshot_date: date
    rows_read: Mapping[str, int]


def kind_of_table(table_name: str) -> str | None:
    """The kind of delivery (the format's name) a raw table belongs to."""
    described = _DESCRIBED.get(table_name)
    return described[0] if described else None


def previous_snapshot(
    connection: duckdb.DuckDBPyConnection, la_code: str, snapshot_date: date, kind: str
) -> Previous | None:
    """The authority's newest snapshot in use (status loaded) of this kind dated before
    `snapshot_date`, from the audit tables (a snapshot loaded earlier in the same transaction
    counts)."""
    rows = connection.execute(
        "SELECT load.snapshot_date, ledger.table_name, ledger.rows_read "
        "FROM audit.snapshot_loads AS load JOIN audit.load_ledger AS ledger USING (load_id) "
        "WHERE load.la_code = ? AND load.status = 'loaded' AND load.snapshot_date < ? "
        "AND ledger.status = 'loaded' ORDER BY load.snapshot_date DESC",
        [la_code, snapshot_date],
    ).fetchall()
    snapshots: dict[date, dict[str, int]] = {}
    for day, table_name, rows_read in rows:
        snapshots.setdefault(day, {})[table_name] = rows_read or 0
    for day, tables in snapshots.items():  # newest first
        if {kind_of_table(name) for name in tables} == {kind}:
            return Previous(day, tables)
    return None


@dataclass(frozen=True)
class HoldReason:
    """One table's reason to hold a snapshot. `words`: the reason in full, as the table's ledger
    entry says it; `cascade`: its rows were quarantined because the rows they name were."""

    table_name: str
    words: str
    cascade: bool = False
    numbers: str = ""  # a cascade's numbers alone, for the snapshot's message


_CASCADE_WORDS = "because the child or record they name is missing or was quarantined"


def hold_reasons(
    counts: Sequence[TableCount], previous: Previous | None, limits: DeliveryLimits
) -> dict[str, HoldReason]:
    """Why the snapshot is held, by table in table order (empty: it is not). `counts` are its
    tables as loaded; `previous` the snapshot it would replace."""
    share, drop, least = limits.max_quarantined_share, limits.max_row_drop, limits.hold_min_rows
    over = f"more than {_percent(share)} held the delivery for review"
    by_table = {count.table_name: count for count in counts}
    reasons: dict[str, HoldReason] = {}

    def too_many(rows: int, count: TableCount) -> bool:
        return bool(count.rows_read) and rows >= least and rows / count.rows_read > share

    for count in counts:
        own = count.rows_quarantined - count.rows_cascaded
        numbers = (
            f"{count.table_name}: {count.rows_quarantined:,} of {count.rows_read:,} rows "
            f"({_percent(count.rows_quarantined / count.rows_read) if count.rows_read else ''})"
        )
        if not _DESCRIBED[count.table_name][1].optional and too_many(own, count):
            reasons[count.table_name] = HoldReason(
                count.table_name, f"{numbers} quarantined; {over}"
            )
        elif too_many(count.rows_cascaded, count) or (
            not _DESCRIBED[count.table_name][1].optional
            and too_many(count.rows_quarantined, count)
        ):
            reasons[count.table_name] = HoldReason(
                count.table_name,
                f"{numbers} quarantined {_CASCADE_WORDS}; {over}",
                cascade=True,
                numbers=numbers.replace(": ", " ", 1),
            )
    if previous is not None:
        before = f"in the previous snapshot ({previous.snapshot_date.isoformat()})"
        for table_name, rows_before in previous.rows_read.items():
            if rows_before < max(least, 1) or table_name in reasons:
                continue
            count = by_table.get(table_name)
            if count is None or count.rows_read == 0:
                if count is None:
                    now = "not delivered"
                elif table_name in _YEARLY:  # one file holds every table of a return
                    now = "no rows"
                else:
                    now = "no rows (its file has a header only)"
                reasons[table_name] = HoldReason(
                    table_name,
                    f"{table_name}: {now}, {rows_before:,} rows {before}; a table that had rows "
                    "and has none held the delivery for review",
                )
            elif table_name not in _YEARLY and rows_before - count.rows_read >= least and (
                (rows_before - count.rows_read) / rows_before > drop
            ):
                fall = (rows_before - count.rows_read) / rows_before
                reasons[table_name] = HoldReason(
                    table_name,
                    f"{table_name}: {count.rows_read:,} rows, {rows_before:,} {before}: "
                    f"{_percent(fall)} fewer; a fall of more than {_percent(drop)} held the "
                    "delivery for review",
                )
    return {name: reasons[name] for name in _in_table_order(reasons)}


def held_message(reasons: Mapping[str, HoldReason], limits: DeliveryLimits) -> str:
    """The snapshot's message: each table's own reason, then the tables that were emptied in
    turn (rows naming a quarantined child or record) with their numbers."""
    direct = [reason.words for reason in reasons.values() if not reason.cascade]
    cascades = [reason.numbers for reason in reasons.values() if reason.cascade]
    if not cascades:
        return "; ".join(direct)
    over = f"more than {_percent(limits.max_quarantined_share)}"
    turn = f"{', '.join(cascades)} quarantined {_CASCADE_WORDS}"
    if direct:
        return "; ".join(direct) + f"; and in turn {turn} ({over} of each)"
    return f"{turn}; {over} of each held the delivery for review"


def _in_table_order(names: Iterable[str]) -> list[str]:
    order = list(_DESCRIBED)
    return sorted(names, key=lambda name: order.index(name) if name in order else len(order))


def _percent(share: float) -> str:
    """A share as people read it: 94%, 40%, 5%; 0.4% and 7.5% below ten."""
    text = f"{share:.0%}" if share >= 0.1 or share == 0 else f"{share:.1%}"
    return text.replace(".0%", "%")


# -- Accepting a held snapshot ---------------------------------------------------------------


@dataclass(frozen=True)
class Acceptance:
    """An operator's acceptance of held snapshots: which (<la>/<date>), and who."""

    snapshots: tuple[tuple[str, date], ...]
    accepted_by: str
    accepted_through: str  # how the name was given: run config, the run's user tag, the system


@dataclass(frozen=True)
class Accepted:
    la_code: str
    snapshot_date: date
    load_id: str
    accepted_by: str
    accepted_at: datetime
    held_message: str

    @property
    def label(self) -> str:
        return f"{self.la_code}/{self.snapshot_date.isoformat()}"


class AcceptanceError(ValueError):
    """An acceptance that cannot be carried out: a snapshot named badly, or not held."""


def acceptance(
    snapshots: Sequence[str], accepted_by: str | None, run_user: str | None
) -> Acceptance | None:
    """The acceptance the refresh's config asks for (None when it names no snapshot). The
    person is `accepted_by` when given, else the run's user tag, else the system's user."""
    if not snapshots:
        return None
    keys = []
    for text in snapshots:
        match = _SNAPSHOT_KEY.fullmatch(text.strip())
        if match is None:
            raise AcceptanceError(
                f"accept_held: {text!r} does not name a snapshot as <authority>/<extract date>, "
                "as 901/2024-03-31"
            )
        try:
            keys.append((match.group(1), date.fromisoformat(match.group(2))))
        except ValueError:
            raise AcceptanceError(f"accept_held: {text!r}: {match.group(2)} is no date") from None
    if accepted_by and accepted_by.strip():
        who, through = accepted_by.strip(), "run config accepted_by"
    elif run_user and run_user.strip():
        who, through = run_user.strip(), "the run's user tag"
    else:
        who, through = getpass.getuser(), "the system user running the refresh"
    return Acceptance(tuple(dict.fromkeys(keys)), who, through)


def held_snapshots(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, date], tuple[str, str]]:
    """Every snapshot held now: (la_code, date) -> (load_id, message)."""
    return {
        (la_code, snapshot_date): (load_id, message)
        for la_code, snapshot_date, load_id, message in connection.execute(
            "SELECT la_code, snapshot_date, load_id, message FROM audit.snapshot_loads "
            "WHERE status = ? ORDER BY la_code, snapshot_date",
            [HELD],
        ).fetchall()
    }


def accept(
    connection: duckdb.DuckDBPyConnection,
    request: Acceptance,
    run_id: str | None,
    keys: Iterable[tuple[str, date]] | None = None,
) -> list[Accepted]:
    """Accept the held snapshots among `keys` (default: all the request names) in one
    transaction: each one's status becomes loaded, and audit.held_acceptances says who, when
    and why it had been held. Snapshots named but not held are left for the caller."""
    held = held_snapshots(connection)
    wanted = [key for key in (request.snapshots if keys is None else keys) if key in held]
    if not wanted:
        return []
    accepted_at = utc_now()
    done = []
    connection.execute("BEGIN TRANSACTION")
    try:
        for la_code, snapshot_date in wanted:
            load_id, message = held[(la_code, snapshot_date)]
            connection.execute(
                "UPDATE audit.snapshot_loads SET status = 'loaded' WHERE load_id = ?", [load_id]
            )
            connection.execute(
                f"INSERT INTO {HELD_ACCEPTANCES} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    load_id,
                    la_code,
                    snapshot_date,
                    request.accepted_by,
                    request.accepted_through,
                    accepted_at,
                    run_id,
                    message,
                ],
            )
            done.append(
                Accepted(la_code, snapshot_date, load_id, request.accepted_by, accepted_at, message)
            )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return done


def not_held_error(
    connection: duckdb.DuckDBPyConnection, missing: Iterable[tuple[str, date]]
) -> AcceptanceError:
    """Why snapshots named for acceptance could not be accepted, naming those that can."""
    named = ", ".join(f"{la}/{day.isoformat()}" for la, day in missing)
    held = [f"{la}/{day.isoformat()}" for la, day in held_snapshots(connection)]
    return AcceptanceError(
        f"accept_held names {named}, which is not held for review (it may be loaded already, "
        "rejected, or not delivered); "
        + (f"held now: {', '.join(held)}" if held else "no delivery is held now")
    )
