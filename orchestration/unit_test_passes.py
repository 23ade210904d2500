"""The installation's record of the dbt projects on which every unit test passed.

dbt's unit tests check the models' SQL against rows written in the project; they never read a
warehouse, so their verdict depends only on the project's files and the versions of dbt and
DuckDB (the project's fingerprint, metrics_build_scope.project_fingerprint). Once they have all
passed in a build of one warehouse, they hold for every warehouse this installation builds with
the same project. This record, a small JSON file in dbt's own target folder of the project
(`dbt_project/target/unit_tests_passed.json`, beside dbt's parse), notes for each fingerprint
when, in which run and for which warehouse they last passed:

    {"<fingerprint>": {"passed_at": "2026-12-02T01:50:00", "run_id": "...",
                       "warehouse": "/abs/path/warehouse.duckdb"}, ...}

It is rewritten whole (a temporary file, then os.replace), so a reader never sees half of it,
even when two refreshes of different warehouses finish at once; one of two such writes may
then be lost, which costs only a run of the unit tests that could have been left out. A missing,
unreadable or corrupt record means "not passed": the unit tests run, and the build that passes
them writes the record again. Removing the target folder (`make clean`) forgets it.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

RECORD_NAME = "unit_tests_passed.json"
# The projects remembered, newest first: each edit of the project is a new fingerprint.
_KEPT = 50


@dataclass(frozen=True)
class UnitTestsPassed:
    """A build in which every unit test of the project passed."""

    built_at: datetime
    run_id: str | None
    # The warehouse that build was of, when it is another one than the warehouse being built.
    other_warehouse: str | None = None

    def words(self) -> str:
        return (
            f"{self.built_at:%Y-%m-%d %H:%M:%S} UTC"
            + (f" (run {self.run_id})" if self.run_id else "")
            + (
                f" of another warehouse on this machine ({self.other_warehouse})"
                if self.other_warehouse
                else ""
            )
        )


def record_path(target_folder: Path) -> Path:
    """The record in dbt's target folder of the project."""
    return Path(target_folder) / RECORD_NAME


def installation_pass(
    record: Path, fingerprint: str, warehouse_path: Path
) -> UnitTestsPassed | None:
    """When every unit test last passed on this project in any warehouse's build, as seen from
    the warehouse being built; None if never (or the record cannot be read)."""
    entry = _read(record).get(fingerprint)
    try:
        passed_at = datetime.fromisoformat(entry["passed_at"])
        run_id = entry.get("run_id")
        warehouse = str(entry["warehouse"])
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    other = None if warehouse == _warehouse_name(warehouse_path) else warehouse
    return UnitTestsPassed(passed_at, run_id if isinstance(run_id, str) else None, other)


def record_pass(
    record: Path, fingerprint: str, passed: UnitTestsPassed, warehouse_path: Path
) -> str | None:
    """Note that every unit test passed on this project in this warehouse's build. Returns
    why it could not be written (in words, for the run's log), or None when it was: a record
    not written costs the next build a run of the unit tests, never the refresh."""
    entries = {
        fingerprint: {
            "passed_at": passed.built_at.isoformat(),
            "run_id": passed.run_id,
            "warehouse": _warehouse_name(warehouse_path),
        },
        **{key: value for key, value in _read(record).items() if key != fingerprint},
    }
    newest = sorted(entries.items(), key=lambda item: str(_field(item[1], "passed_at")),
                    reverse=True)[:_KEPT]
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        handle, written = tempfile.mkstemp(dir=record.parent, prefix=f".{record.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(dict(newest), file, indent=1, sort_keys=True)
            os.replace(written, record)
        except BaseException:
            Path(written).unlink(missing_ok=True)
            raise
    except OSError as error:
        return f"The record of passed unit tests ({record}) could not be written: {error}."
    return None


def _read(record: Path) -> dict:
    try:
        entries = json.loads(Path(record).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # missing, unreadable, not JSON (or not UTF-8)
        return {}
    return entries if isinstance(entries, dict) else {}


def _field(entry: object, name: str) -> object:
    return entry.get(name) if isinstance(entry, dict) else None


def _warehouse_name(warehouse_path: Path) -> str:
    return str(Path(warehouse_path).resolve())
