"""The state of the deliveries, per raw table, as the Dagster asset checks report it.

Two checks per raw table, evaluated after every load from the audit history (so they describe
the warehouse as it stands, not just what one run happened to do):

- `latest_delivery_loaded` (severity ERROR): each authority's newest complete snapshot in the
  landing area is loaded, and not rejected or refused because of this table's file, nor held
  for review because of this table (delivery_holds). A later good delivery, a corrected
  re-delivery, putting back a changed file or accepting the held snapshot clears it.
- `no_quarantined_rows` (severity WARN): no row of this table was quarantined in any
  authority's current snapshot (the newest in use: loaded, not held).

And one on audit.snapshot_loads: every authority's newest delivery is loaded and in use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orchestration.delivery_kinds import LOADED_TABLES, SSD
from orchestration.delivery_holds import HELD
from orchestration.extract_format import TABLES, ExtractTable
from orchestration.landing_load import LandingLoadReport
from orchestration.load_decisions import Action, Attempt, Decision
from orchestration.snapshot_loader import missing_table_fault

LATEST_DELIVERY_LOADED = "latest_delivery_loaded"
NO_QUARANTINED_ROWS = "no_quarantined_rows"
LATEST_DELIVERIES_LOADED = "latest_deliveries_loaded"


@dataclass(frozen=True)
class CheckOutcome:
    asset: tuple[str, str]  # asset key path, e.g. ("raw", "ssd_person")
    name: str
    passed: bool
    severity: str  # "ERROR" or "WARN"
    description: str
    rows: list[dict[str, object]] = field(default_factory=list)  # details, one per authority


@dataclass(frozen=True)
class Standing:
    """Where an authority's newest delivery stands: loaded, or not in use and why (by table)."""

    decision: Decision
    message: str | None  # why it was rejected or is held; None when loaded and in use
    faults: dict[str, str]  # by table; empty when loaded
    held: bool = False  # loaded, but held for review (not rejected)

    @property
    def label(self) -> str:
        return self.decision.snapshot.label


def evaluate(report: LandingLoadReport) -> list[CheckOutcome]:
    standings = [_standing(decision, report) for decision in _newest_deliveries(report.decisions)]
    outcomes = []
    for table in LOADED_TABLES:
        outcomes.append(_delivery_check(table, standings))
        outcomes.append(_quarantine_check(table, report))
    outcomes.append(_snapshot_check(standings))
    return outcomes


def _newest_deliveries(decisions: tuple[Decision, ...]) -> list[Decision]:
    newest: dict[str, Decision] = {}
    for decision in decisions:  # sorted by authority, then date
        newest[decision.snapshot.la_code] = decision
    return list(newest.values())


def _standing(decision: Decision, report: LandingLoadReport) -> Standing:
    snapshot = decision.snapshot
    key = (snapshot.la_code, snapshot.snapshot_date)
    attempt = report.history.latest.get(key)
    if decision.action is Action.UNCHANGED_LOADED:
        attempt = report.history.loaded.get(key)  # its files are back as they were loaded
    if attempt is not None and attempt.status == HELD:
        faults = {r.table_name: r.message for r in attempt.files.values() if r.message}
        return Standing(decision, attempt.message, faults, held=True)
    if decision.action is Action.UNCHANGED_LOADED or attempt is None or attempt.status == "loaded":
        return Standing(decision, None, {})
    faults = {r.table_name: r.message for r in attempt.files.values() if r.message}
    present = {f.table_name for f in snapshot.files}
    for table in TABLES if snapshot.kind == SSD else ():
        if not table.optional and table.name not in present:
            faults.setdefault(table.name, missing_table_fault(table))
    return Standing(decision, attempt.message, faults)


def _delivery_check(table: ExtractTable, standings: list[Standing]) -> CheckOutcome:
    rows = [
        {"snapshot": s.label, "fault": s.faults[table.name], "held": s.held}
        for s in standings
        if table.name in s.faults
    ]
    description = (
        f"The newest delivery of every authority has a loadable {table.delivered_in}."
        if not rows
        else f"The newest delivery of {len(rows)} authorities was not loaded, or is held for "
        f"review, because of {table.delivered_in}: "
        + "; ".join(f"{r['snapshot']}: {_state(r['held'])}{r['fault']}" for r in rows)
    )
    return CheckOutcome(
        ("raw", table.name), LATEST_DELIVERY_LOADED, not rows, "ERROR", description, rows
    )


def _state(held: bool) -> str:
    return "held for review: " if held else ""


def _quarantine_check(table: ExtractTable, report: LandingLoadReport) -> CheckOutcome:
    current: dict[str, tuple[str, Attempt]] = {}
    for (la_code, snapshot_date), attempt in sorted(report.history.loaded.items()):
        if attempt.status == "loaded":  # in use, not held
            current[la_code] = (f"{la_code}/{snapshot_date.isoformat()}", attempt)
    rows = [
        {
            "snapshot": label,
            "rows_loaded": record.rows_loaded,
            "rows_quarantined": record.rows_quarantined,
        }
        for label, attempt in current.values()
        for record in attempt.files.values()
        if record.table_name == table.name and record.rows_quarantined
    ]
    quarantined = sum(int(r["rows_quarantined"]) for r in rows)
    description = (
        f"No row of {table.name} is quarantined in any authority's current snapshot."
        if not rows
        else f"{quarantined} rows of {table.name} are quarantined in the current snapshots of "
        f"{len(rows)} authorities (see audit.quarantine)."
    )
    return CheckOutcome(
        ("raw", table.name), NO_QUARANTINED_ROWS, not rows, "WARN", description, rows
    )


def _snapshot_check(standings: list[Standing]) -> CheckOutcome:
    rows = [
        {"snapshot": s.label, "fault": s.message, "held": s.held} for s in standings if s.message
    ]
    description = (
        "Every authority's newest delivery is loaded."
        if not rows
        else "Not loaded, or held for review: "
        + "; ".join(f"{r['snapshot']}: {_state(r['held'])}{r['fault']}" for r in rows)
    )
    return CheckOutcome(
        ("audit", "snapshot_loads"), LATEST_DELIVERIES_LOADED, not rows, "ERROR", description, rows
    )
