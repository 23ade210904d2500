"""Which authorities a dbt build must rebuild: every one, or those whose snapshot changed.

A full `dbt build` recomputes every authority's metrics, which at national scale takes minutes
even when one authority sent a new snapshot. Every model keyed by authority can instead be
rebuilt for some authorities only (dbt var `rebuild_some_authorities`, the authorities in the
environment variable CSC_REBUILD_AUTHORITIES; dbt_project/macros/authority_scope.sql), with
the same result as a full build. The authorities go in the environment, not in `--vars`,
because dbt parses the whole project again whenever --vars change; so every build of a kind
reuses the parse kept in dbt's target folder.

After each successful build, `audit.metrics_builds` records the project it built (a
fingerprint of dbt_project/'s files and of dbt's version) and the snapshots it covered (each
authority's current load). The next build rebuilds only the authorities whose current snapshot
is not among those, provided the project is unchanged and the metrics tables are there; it
builds everything on a first build, after a change to the project, and when every authority
changed. When none did (the refresh's only new delivery was rejected, say), there is nothing to
build: the dbt build is skipped and only dbt's data tests run, on the tables as they are, so
that every asset check of the run is evaluated; unless the run asked for a rebuild
(`force_rebuild`, `make refresh FORCE=1`). A build that fails records nothing, so its
authorities are rebuilt by the next one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import duckdb

from orchestration.warehouse_schema import utc_now

METRICS_BUILDS = "audit.metrics_builds"
REBUILD_SOME_VARIABLE = "rebuild_some_authorities"
REBUILD_ENVIRONMENT = "CSC_REBUILD_AUTHORITIES"
_MARTS_SCHEMA = "marts"
_DBT_PACKAGES = ("dbt-core", "dbt-duckdb")
# Each authority's current snapshot, chosen as the metrics layer chooses it
# (dbt_project/models/staging/stg_current_snapshots.sql).
_CURRENT_SNAPSHOTS = (
    "SELECT la_code, load_id FROM audit.snapshot_loads WHERE status = 'loaded' "
    "QUALIFY row_number() OVER (PARTITION BY la_code "
    "ORDER BY snapshot_date DESC, finished_at DESC, load_id DESC) = 1"
)


@dataclass(frozen=True)
class BuildScope:
    # None: every authority, a full build; empty: nothing to build
    authorities: tuple[str, ...] | None
    reason: str  # why, in words, for the run's log
    snapshots: tuple[str, ...]  # the load_id of every authority's current snapshot

    @property
    def builds(self) -> bool:
        return self.authorities is None or bool(self.authorities)

    def dbt_command(self) -> list[str]:
        """The dbt command: `build`; of some authorities only (named in dbt_environment; the
        vars the same on every such build; without the unit tests: they test the SQL, which
        has not changed since the full build that ran them); or, with nothing to build,
        `test` of the data tests alone."""
        if self.authorities is None:
            return ["build"]
        if not self.authorities:
            return ["test", "--exclude", "test_type:unit"]
        variables = json.dumps({REBUILD_SOME_VARIABLE: True})
        return ["build", "--vars", variables, "--exclude", "test_type:unit"]

    @property
    def kind(self) -> str:
        """What sort of build, in a word: builds of one sort share dbt's parse (dbt_assets)."""
        return "some-authorities" if self.authorities else "every-authority"

    def dbt_environment(self) -> dict[str, str]:
        """What dbt is given in its environment: the authorities to rebuild, if some only
        (empty otherwise, so that a value left in the operator's shell is not obeyed)."""
        listed = json.dumps(list(self.authorities)) if self.authorities else ""
        return {REBUILD_ENVIRONMENT: listed}


def project_fingerprint(project_dir: Path, sources: Iterable[str]) -> str:
    """A digest of the project's files (`sources`: files and folders under project_dir) and of
    the dbt version that builds them."""
    digest = hashlib.sha256()
    for package in _DBT_PACKAGES:
        digest.update(f"{package}={metadata.version(package)}\n".encode())
    for name in sorted(sources):
        source = project_dir / name
        files = [source] if source.is_file() else sorted(source.rglob("*")) if source.is_dir() else []
        for path in files:
            if path.is_file():
                digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def decide_scope(warehouse_path: Path, fingerprint: str, force: bool = False) -> BuildScope:
    connection = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        current = dict(connection.execute(_CURRENT_SNAPSHOTS).fetchall())
        snapshots = tuple(sorted(current.values()))
        last = _last_build(connection)
        built = _marts_exist(connection)
    finally:
        connection.close()
    if last is None or not built:
        return BuildScope(None, "Full dbt build: the metrics have not been built yet.", snapshots)
    last_fingerprint, last_snapshots = last
    if last_fingerprint != fingerprint:
        return BuildScope(
            None, "Full dbt build: the dbt project has changed since the last build.", snapshots
        )
    changed = tuple(sorted(la for la, load_id in current.items() if load_id not in last_snapshots))
    if not changed and force:
        return BuildScope(
            None,
            "Full dbt build, forced (run config force_rebuild): no authority has a new "
            "snapshot since the last build.",
            snapshots,
        )
    if not changed:
        return BuildScope(
            (),
            "Nothing new to build (no authority has a new snapshot since the last dbt build): "
            "the dbt build is skipped; its data tests run on the tables as they are.",
            snapshots,
        )
    if len(changed) == len(current):
        return BuildScope(
            None, "Full dbt build: every authority has a new snapshot.", snapshots
        )
    return BuildScope(
        changed,
        f"dbt build of the {len(changed)} authorities with a new snapshot "
        f"({', '.join(changed)}); the other {len(current) - len(changed)} are unchanged.",
        snapshots,
    )


def record_build(
    warehouse_path: Path, scope: BuildScope, fingerprint: str, run_id: str | None
) -> None:
    """Note a successful build, and what it covered, for the next build's decision."""
    connection = duckdb.connect(str(warehouse_path))
    try:
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {METRICS_BUILDS} (built_at TIMESTAMP, run_id VARCHAR, "
            "project_fingerprint VARCHAR, rebuilt_authorities VARCHAR[], snapshots VARCHAR[])"
        )
        connection.execute(
            f"INSERT INTO {METRICS_BUILDS} VALUES (?, ?, ?, ?, ?)",
            [
                utc_now(),
                run_id,
                fingerprint,
                None if scope.authorities is None else list(scope.authorities),
                list(scope.snapshots),
            ],
        )
    finally:
        connection.close()


def _last_build(connection: duckdb.DuckDBPyConnection) -> tuple[str, frozenset[str]] | None:
    exists = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'audit' "
        "AND table_name = 'metrics_builds'"
    ).fetchall()[0][0]
    if not exists:
        return None
    rows = connection.execute(
        f"SELECT project_fingerprint, snapshots FROM {METRICS_BUILDS} "
        "ORDER BY built_at DESC LIMIT 1"
    ).fetchall()
    return (rows[0][0], frozenset(rows[0][1])) if rows else None


def _marts_exist(connection: duckdb.DuckDBPyConnection) -> bool:
    return connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ?", [_MARTS_SCHEMA]
    ).fetchall()[0][0] > 0
