"""Load every complete snapshot of the landing area that is not loaded yet, in date order.

This is the whole loading step, usable without Dagster (the Dagster asset calls it, and so do
the tests and benchmarks):

    python -m orchestration.landing_load

It reads the settings from the environment (orchestration.settings), takes the warehouse lock,
and for each snapshot does what load_decisions decides; last, it records the landing area's
fingerprint as it found it (refresh_need). Given an acceptance (delivery_holds), it accepts the
held snapshots it names: those held already before loading (so that a new snapshot is compared
with them), those held by this load after it; naming one that is not held is an error, raised
once the load is done. It raises on real failures (a broken disk, a
warehouse it cannot open); bad deliveries are not failures but rejections, recorded in audit.*
and returned in the report.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from orchestration import delivery_holds, delivery_kinds, worker_pseudonyms
from orchestration.delivery_holds import Acceptance, Accepted
from orchestration.known_files import file_facts
from orchestration.load_decisions import Action, Decision, LoadHistory, decide
from orchestration.refresh_need import record_scan
from orchestration.settings import WarehousePaths, paths_from_environment
from orchestration.snapshot_discovery import LandingNotice, discover, landing_fingerprint
from orchestration.snapshot_loader import LoadOutcome, load_snapshots, record_refusal
from orchestration.warehouse_lock import warehouse_lock
from orchestration.warehouse_schema import (
    AUDIT_SCHEMA,
    LANDING_NOTICES,
    RAW_SCHEMA,
    create_tables,
)


_CHECKPOINT_THRESHOLD = "1GB"
# Snapshots are loaded together, in batches of up to this many bytes of CSV: big enough that
# the fixed cost of each statement is paid per batch rather than per file, small enough that
# the staged batch fits comfortably in memory (it is held as text, about twice its CSV size).
_BATCH_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class LandingLoadReport:
    decisions: tuple[Decision, ...]  # one per complete snapshot, by authority then date
    attempts: tuple[LoadOutcome, ...]  # what this run recorded: loads, rejections, refusals
    history: LoadHistory  # the audit history after this run
    notices: tuple[LandingNotice, ...]  # folders not loaded, and why (audit.landing_notices)
    notices_changed: bool  # since the last load
    table_rows: dict[str, int]  # "raw.<table>" / "audit.<table>" -> rows after this run
    accepted: tuple[Accepted, ...] = ()  # held snapshots this run accepted

    @property
    def loaded(self) -> tuple[LoadOutcome, ...]:
        return tuple(a for a in self.attempts if a.status == "loaded")

    @property
    def rejected(self) -> tuple[LoadOutcome, ...]:
        return tuple(a for a in self.attempts if a.status == "rejected")

    @property
    def held(self) -> tuple[LoadOutcome, ...]:
        return tuple(a for a in self.attempts if a.status == delivery_holds.HELD)

    def summary(self) -> str:
        skipped = sum(d.action not in (Action.LOAD, Action.REFUSE) for d in self.decisions)
        held = f"{len(self.held)} held for review, " if self.held else ""
        accepted = (
            f" Accepted after review: {', '.join(a.label for a in self.accepted)}."
            if self.accepted
            else ""
        )
        return (
            f"{len(self.decisions)} complete snapshots: {len(self.loaded)} loaded, {held}"
            f"{len(self.rejected)} rejected, {skipped} unchanged since an earlier run.{accepted}"
        )


def load_landing_area(
    paths: WarehousePaths,
    run_id: str | None = None,
    log: Callable[[str], None] = print,
    acceptance: Acceptance | None = None,
) -> LandingLoadReport:
    # Taken before looking: a file that changes while this runs makes the next check differ.
    fingerprint = landing_fingerprint(paths.landing_dir) if paths.landing_dir.is_dir() else None
    discovery = discover(paths.landing_dir, paths.success_grace_hours)
    for snapshot in discovery.snapshots:
        if snapshot.unknown_files and snapshot.fault is None:
            what = "extract tables" if snapshot.kind == delivery_kinds.SSD else (
                f"part of the {delivery_kinds.title(snapshot.kind)}"
            )
            log(
                f"Snapshot {snapshot.label}: ignoring files that are not {what}: "
                f"{', '.join(snapshot.unknown_files)}"
            )
    paths.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with warehouse_lock(paths.lock_path, log):
        connection = duckdb.connect(str(paths.warehouse_path))
        # Checkpoint (compress and write out) once at the end rather than after every
        # snapshot's commit: committed snapshots wait safely in the write-ahead log meanwhile.
        connection.execute(f"SET checkpoint_threshold = '{_CHECKPOINT_THRESHOLD}'")
        try:
            create_tables(connection)
            facts = file_facts(connection, (f for s in discovery.snapshots for f in s.files))
            notices_changed = _record_notices(connection, discovery.notices)
            accepted = _accept(connection, acceptance, run_id, log)
            history = LoadHistory.read(connection)
            decisions = [
                decide(snapshot, {f.file_name: facts[f.path] for f in snapshot.files}, history)
                for snapshot in discovery.snapshots
            ]
            attempted: dict[int, LoadOutcome] = {}  # by the decision's position
            for position, decision in enumerate(decisions):
                if decision.action is Action.REFUSE:
                    log(decision.message)
                    attempted[position] = record_refusal(connection, decision, run_id)
            workbooks = any(
                d.action is Action.LOAD and d.snapshot.kind == delivery_kinds.ANNEX_A
                for d in decisions
            )
            key = worker_pseudonyms.read_or_make_key(paths.warehouse_path) if workbooks else None
            for batch in _batches(decisions):
                outcomes = load_snapshots(
                    connection,
                    [decisions[p] for p in batch],
                    paths.archive_dir,
                    run_id,
                    log,
                    pseudonym_key=key,
                    census_schema_dir=paths.census_schema_dir,
                    limits=paths.limits,
                )
                attempted.update(zip(batch, outcomes))
            attempts = [attempted[position] for position in sorted(attempted)]
            accepted += _accept(connection, acceptance, run_id, log)
            if attempts or accepted:
                history = LoadHistory.read(connection)
            record_scan(connection, fingerprint, run_id)
            table_rows = _row_counts(connection)
            not_accepted = [
                key
                for key in (acceptance.snapshots if acceptance else ())
                if key not in {(a.la_code, a.snapshot_date) for a in accepted}
            ]
            if not_accepted:
                raise delivery_holds.not_held_error(connection, not_accepted)
        finally:
            connection.close()
    return LandingLoadReport(
        tuple(decisions),
        tuple(attempts),
        history,
        discovery.notices,
        notices_changed,
        table_rows,
        tuple(accepted),
    )


def _accept(
    connection: duckdb.DuckDBPyConnection,
    acceptance: Acceptance | None,
    run_id: str | None,
    log: Callable[[str], None],
) -> list[Accepted]:
    """Accept the snapshots the acceptance names that are held now."""
    if acceptance is None:
        return []
    accepted = delivery_holds.accept(connection, acceptance, run_id)
    for done in accepted:
        log(
            f"Snapshot {done.label} accepted by {acceptance.accepted_by} "
            f"({acceptance.accepted_through}): it had been held for review ({done.held_message}); "
            "its figures replace the authority's previous ones."
        )
    return accepted


def _record_notices(
    connection: duckdb.DuckDBPyConnection, notices: tuple[LandingNotice, ...]
) -> bool:
    """Replace audit.landing_notices with these notices; whether they differ from its rows."""
    rows = sorted(notice.row() for notice in notices)
    if sorted(connection.execute(f"SELECT * FROM {LANDING_NOTICES}").fetchall()) == rows:
        return False
    connection.execute("BEGIN TRANSACTION")
    connection.execute(f"DELETE FROM {LANDING_NOTICES}")
    if rows:
        connection.executemany(f"INSERT INTO {LANDING_NOTICES} VALUES (?, ?, ?, ?, ?)", rows)
    connection.execute("COMMIT")
    return True


def _batches(decisions: list[Decision]) -> list[list[int]]:
    """The positions of the snapshots to load, in order, cut into batches by size."""
    batches: list[list[int]] = []
    batch_bytes = 0
    for position, decision in enumerate(decisions):
        if decision.action is not Action.LOAD:
            continue
        size = sum(fact.size_bytes for fact in decision.facts.values())
        if not batches or batch_bytes + size > _BATCH_BYTES:
            batches.append([])
            batch_bytes = 0
        batches[-1].append(position)
        batch_bytes += size
    return batches


def _row_counts(connection: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = [
        f"{schema}.{table}"
        for schema, table in connection.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE schema_name IN (?, ?) ORDER BY ALL",
            [RAW_SCHEMA, AUDIT_SCHEMA],
        ).fetchall()
    ]
    return {
        name: connection.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        for name in names
    }


def main() -> int:
    report = load_landing_area(paths_from_environment())
    for notice in report.notices:
        print(notice.message)
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
