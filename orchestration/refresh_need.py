"""Whether a refresh has anything to do: the landing area as it is now, against what the
warehouse holds and the serving database shows.

Every load records the landing area's fingerprint as it found it (snapshot_discovery.
landing_fingerprint: the names, sizes and modification times of every complete snapshot's
files) in `audit.landing_scans`, and the folders it could not load in `audit.landing_notices`.
A refresh has nothing to do when the fingerprint now is the last one recorded, the folders to
report are those reported (a folder that has waited past the grace period for its _SUCCESS
file becomes one without any file changing), and the serving database was published after the
last load.

The sensor, the daily schedule and `make refresh` ask before they start a refresh, so starting
Dagster after a refresh does not refresh again what is already loaded and published. A run
started by hand (`dagster job execute`, the UI's launchpad) always runs; with nothing new it
loads nothing and skips the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from orchestration.serving_publication import published_at
from orchestration.settings import WarehousePaths
from orchestration.snapshot_discovery import discover, landing_fingerprint
from orchestration.warehouse_lock import warehouse_lock_if_free
from orchestration.warehouse_schema import LANDING_NOTICES, utc_now

LANDING_SCANS = "audit.landing_scans"
_NEVER_SCANNED = object()


class WarehouseBusy(Exception):
    """Another process is writing the warehouse (a refresh is under way)."""


@dataclass(frozen=True)
class RefreshNeed:
    needed: bool
    reason: str  # in words, for a log or a sensor's skip reason
    fingerprint: str | None  # the landing area's now; None without a complete snapshot


def record_scan(
    connection: duckdb.DuckDBPyConnection, fingerprint: str | None, run_id: str | None
) -> None:
    """Note that the landing area, as `fingerprint` describes it, has been loaded."""
    connection.execute(
        f"CREATE TABLE IF NOT EXISTS {LANDING_SCANS} "
        "(scanned_at TIMESTAMP, run_id VARCHAR, fingerprint VARCHAR)"
    )
    connection.execute(
        f"INSERT INTO {LANDING_SCANS} VALUES (?, ?, ?)", [utc_now(), run_id, fingerprint]
    )


def serving_is_behind(published: datetime | None, last_load: datetime | None) -> bool:
    """Whether the serving database is missing or older than the warehouse's last load."""
    return published is None or (last_load is not None and published < last_load)


def refresh_need(paths: WarehousePaths) -> RefreshNeed:
    """Raises WarehouseBusy while another process writes the warehouse."""
    if not paths.landing_dir.is_dir():
        return RefreshNeed(True, f"The landing folder {paths.landing_dir} does not exist.", None)
    fingerprint = landing_fingerprint(paths.landing_dir)
    if not paths.warehouse_path.exists():
        return RefreshNeed(True, "Nothing has been loaded into the warehouse yet.", fingerprint)
    try:
        recorded, reported, last_load = _warehouse_state(paths)
    except duckdb.Error as error:
        return RefreshNeed(True, f"The warehouse could not be read ({error}).", fingerprint)
    if recorded is _NEVER_SCANNED or recorded != fingerprint:
        return RefreshNeed(
            True,
            "The landing area has new or changed snapshots since the last load.",
            fingerprint,
        )
    notices = discover(paths.landing_dir, paths.success_grace_hours).notices
    if sorted(notice.row() for notice in notices) != reported:
        return RefreshNeed(
            True,
            "The folders of the landing area that cannot be loaded (waiting too long for "
            "_SUCCESS, links, misnamed) are not those the last load reported.",
            fingerprint,
        )
    if serving_is_behind(published_at(paths.serving_path), last_load):
        return RefreshNeed(
            True, "The serving database is missing or older than the last load.", fingerprint
        )
    return RefreshNeed(
        False,
        "Nothing new to refresh: the warehouse holds every complete snapshot of the landing "
        "area as it is now, and the serving database was published after the last load.",
        fingerprint,
    )


def _warehouse_state(paths: WarehousePaths) -> tuple[object, list[tuple], datetime | None]:
    """The fingerprint the last load recorded (_NEVER_SCANNED if none), the folders it
    reported (sorted rows of audit.landing_notices) and when the last load attempt finished."""
    with warehouse_lock_if_free(paths.lock_path) as free:
        if not free:
            raise WarehouseBusy(f"Another process is writing {paths.warehouse_path}.")
        connection = duckdb.connect(str(paths.warehouse_path), read_only=True)
        try:
            tables = {
                f"{schema}.{name}"
                for schema, name in connection.execute(
                    "SELECT schema_name, table_name FROM duckdb_tables()"
                ).fetchall()
            }
            recorded: object = _NEVER_SCANNED
            if LANDING_SCANS in tables:
                rows = connection.execute(
                    f"SELECT fingerprint FROM {LANDING_SCANS} ORDER BY scanned_at DESC LIMIT 1"
                ).fetchall()
                recorded = rows[0][0] if rows else _NEVER_SCANNED
            reported = []
            if LANDING_NOTICES in tables:
                reported = sorted(
                    connection.execute(f"SELECT * FROM {LANDING_NOTICES}").fetchall()
                )
            last_load = None
            if "audit.snapshot_loads" in tables:
                last_load = connection.execute(
                    "SELECT max(finished_at) FROM audit.snapshot_loads"
                ).fetchall()[0][0]
            return recorded, reported, last_load
        finally:
            connection.close()
