"""Which authorities a dbt build must rebuild: every one, or those whose snapshot changed.

A full `dbt build` recomputes every authority's metrics, which at national scale takes minutes
even when one authority sent a new snapshot. Every model keyed by authority can instead be
rebuilt for some authorities only (dbt var `rebuild_some_authorities`, the authorities in the
environment variable CSC_REBUILD_AUTHORITIES; dbt_project/macros/authority_scope.sql), with
the same result as a full build. The authorities go in the environment, not in `--vars`,
because dbt parses the whole project again whenever --vars change: every build of a kind
(`BuildScope.kind`) passes the same vars (`kind_vars`), and so reuses a parse of the project
made with them (dbt_assets keeps one per kind, for every warehouse).

After each successful build, `audit.metrics_builds` records the project it built (a fingerprint
of dbt_project/'s files and of the versions of dbt and DuckDB) and the snapshots it covered:
every loaded snapshot of every authority, not its current one alone, since an authority's
history is assembled from all of them (a snapshot that arrives after a later one, or a held
delivery released after a later one, changes the history but not the current snapshot). The
next build rebuilds only the authorities with a loaded snapshot not among those, provided the
project is unchanged and the metrics tables are there;
it builds everything on a first build, after a change to the project, and when every authority
changed. When none did (the refresh's only new delivery was rejected, say), there is nothing to
build: the dbt build is skipped and only dbt's data tests run, on the tables as they are, so
that every asset check of the run is evaluated; unless the run asked for a rebuild
(`force_rebuild`, `make refresh FORCE=1`). A build that fails records nothing, so its
authorities are rebuilt by the next one.

dbt's unit tests check the models' SQL against rows written in the project; they never read a
warehouse, so their verdict cannot change while the project (and dbt and DuckDB) stay the same,
whichever warehouse is built. A build leaves them out (some 85 nodes, a third of a full build's
node time) when every one passed in an earlier build of this very project (the same
fingerprint): of this warehouse (its own record, audit.metrics_builds), or else of any warehouse
this installation built (the installation's record in dbt's target folder of the project,
unit_test_passes). Otherwise it runs them, and when it succeeds both records note the pass. Each
build records whether it ran them (`unit_tests_ran`) and when and in which run they last passed
on its project (`unit_tests_passed_at`, `unit_tests_passed_run_id`); the run's log says which
build that was, and of which warehouse if another. A unit test that fails fails the build, which
records nothing: the next build runs them again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

import duckdb

from orchestration.unit_test_passes import UnitTestsPassed, installation_pass, record_pass
from orchestration.warehouse_schema import utc_now

METRICS_BUILDS = "audit.metrics_builds"
REBUILD_SOME_VARIABLE = "rebuild_some_authorities"
REBUILD_ENVIRONMENT = "CSC_REBUILD_AUTHORITIES"
# The kinds of build, each with its own --vars (kind_vars) and so its own parse of the project.
EVERY_AUTHORITY = "every-authority"
SOME_AUTHORITIES = "some-authorities"
KINDS = (EVERY_AUTHORITY, SOME_AUTHORITIES)
_MARTS_SCHEMA = "marts"
# dbt's selector of the unit tests, left out of a build whose project they passed on already.
UNIT_TESTS = "test_type:unit"
# What runs the project's SQL: a new DuckDB may answer a unit test differently.
_DBT_PACKAGES = ("dbt-core", "dbt-duckdb", "duckdb")
# Every snapshot the metrics layer reads: each authority's loaded ones
# (dbt_project/models/staging/stg_snapshots.sql).
_LOADED_SNAPSHOTS = "SELECT la_code, load_id FROM audit.snapshot_loads WHERE status = 'loaded'"


@dataclass(frozen=True)
class BuildScope:
    # None: every authority, a full build; empty: nothing to build
    authorities: tuple[str, ...] | None
    reason: str  # why, in words, for the run's log
    snapshots: tuple[str, ...]  # the load_id of every loaded snapshot, of every authority
    # The last build of this same project in which every unit test passed (of this warehouse,
    # or of another on this machine); None when there is none, and this build runs them.
    unit_tests_passed: UnitTestsPassed | None = None

    @property
    def builds(self) -> bool:
        return self.authorities is None or bool(self.authorities)

    @property
    def runs_unit_tests(self) -> bool:
        return self.builds and self.unit_tests_passed is None

    def dbt_command(self) -> list[str]:
        """The dbt command: `build` (of some authorities only: named in dbt_environment, the
        vars the same on every such build), without the unit tests when they passed on this
        project already; or, with nothing to build, `test` of the data tests alone."""
        if not self.builds:
            return ["test", *kind_vars(self.kind), "--exclude", UNIT_TESTS]
        command = ["build", *kind_vars(self.kind)]
        if not self.runs_unit_tests:
            command += ["--exclude", UNIT_TESTS]
        return command

    def unit_tests_words(self) -> str:
        """What the build does with dbt's unit tests, in words, for the run's log."""
        if not self.builds:
            return "dbt's unit tests are not run: nothing is built."
        if self.unit_tests_passed is None:
            return (
                "dbt's unit tests run in this build: no earlier build of this dbt project ran "
                "them and passed."
            )
        return (
            "dbt's unit tests are left out: they test the models' SQL, not the warehouse's "
            "data, and every one passed on this same dbt project in the build of "
            f"{self.unit_tests_passed.words()}."
        )

    @property
    def kind(self) -> str:
        """What sort of build, in a word: builds of one sort share dbt's parse (dbt_assets)."""
        return SOME_AUTHORITIES if self.authorities else EVERY_AUTHORITY

    def dbt_environment(self) -> dict[str, str]:
        """What dbt is given in its environment: the authorities to rebuild, if some only
        (empty otherwise, so that a value left in the operator's shell is not obeyed)."""
        listed = json.dumps(list(self.authorities)) if self.authorities else ""
        return {REBUILD_ENVIRONMENT: listed}


def kind_vars(kind: str) -> list[str]:
    """dbt's --vars of every build of the kind (none for a full build): the materializations
    are decided from them when dbt parses (dbt_project.yml)."""
    return ["--vars", json.dumps({REBUILD_SOME_VARIABLE: True})] if kind == SOME_AUTHORITIES else []


def project_fingerprint(project_dir: Path, sources: Iterable[str]) -> str:
    """A digest of the project's files (`sources`: files and folders under project_dir) and of
    the versions of dbt and DuckDB that build them."""
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


def decide_scope(
    warehouse_path: Path,
    fingerprint: str,
    force: bool = False,
    installation_record: Path | None = None,
) -> BuildScope:
    """What the next build of the warehouse does. `installation_record`: the installation's
    record of passed unit tests (unit_test_passes.record_path), consulted after the
    warehouse's own; None consults the warehouse's alone."""
    connection = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        loaded: dict[str, set[str]] = {}
        for la_code, load_id in connection.execute(_LOADED_SNAPSHOTS).fetchall():
            loaded.setdefault(la_code, set()).add(load_id)
        snapshots = tuple(sorted(load_id for ids in loaded.values() for load_id in ids))
        last = _last_build(connection)
        built = _marts_exist(connection)
        passed = _unit_tests_passed(connection, fingerprint)
    finally:
        connection.close()
    if installation_record is not None:
        passed = _with_installation_pass(
            passed, installation_pass(installation_record, fingerprint, warehouse_path)
        )
    return replace(_authorities_scope(loaded, snapshots, last, built, fingerprint, force),
                   unit_tests_passed=passed)


def _with_installation_pass(
    own: UnitTestsPassed | None, installed: UnitTestsPassed | None
) -> UnitTestsPassed | None:
    """The warehouse's own record of the pass, else the installation's. The installation's is
    taken for the same build too, since it says which warehouse that build was of (the
    warehouse's record keeps when and in which run only)."""
    if own is None or installed is None:
        return own or installed
    same_build = (installed.built_at, installed.run_id) == (own.built_at, own.run_id)
    return installed if same_build else own


def _authorities_scope(
    loaded: dict[str, set[str]],  # each authority's loaded snapshots
    snapshots: tuple[str, ...],
    last: tuple[str, frozenset[str]] | None,
    built: bool,
    fingerprint: str,
    force: bool,
) -> BuildScope:
    if last is None or not built:
        return BuildScope(None, "Full dbt build: the metrics have not been built yet.", snapshots)
    last_fingerprint, last_snapshots = last
    if last_fingerprint != fingerprint:
        return BuildScope(
            None, "Full dbt build: the dbt project has changed since the last build.", snapshots
        )
    changed = tuple(sorted(la for la, load_ids in loaded.items() if load_ids - last_snapshots))
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
    if len(changed) == len(loaded):
        return BuildScope(
            None, "Full dbt build: every authority has a new snapshot.", snapshots
        )
    return BuildScope(
        changed,
        f"dbt build of the {len(changed)} authorities with a new snapshot "
        f"({', '.join(changed)}); the other {len(loaded) - len(changed)} are unchanged.",
        snapshots,
    )


def record_build(
    warehouse_path: Path,
    scope: BuildScope,
    fingerprint: str,
    run_id: str | None,
    installation_record: Path | None = None,
) -> str | None:
    """Note a successful build, what it covered and when the unit tests last passed on its
    project, for the next build's decision (and an auditor); and, when it ran the unit tests,
    their pass in the installation's record (if given), for every warehouse's next build.
    Returns why that record could not be written, in words, or None."""
    built_at = utc_now()
    passed = UnitTestsPassed(built_at, run_id) if scope.runs_unit_tests else scope.unit_tests_passed
    connection = duckdb.connect(str(warehouse_path))
    try:
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {METRICS_BUILDS} (built_at TIMESTAMP, run_id VARCHAR, "
            "project_fingerprint VARCHAR, rebuilt_authorities VARCHAR[], snapshots VARCHAR[])"
        )
        for column, kind in _UNIT_TEST_COLUMNS:  # added since: a warehouse built before
            connection.execute(
                f"ALTER TABLE {METRICS_BUILDS} ADD COLUMN IF NOT EXISTS {column} {kind}"
            )
        connection.execute(
            f"INSERT INTO {METRICS_BUILDS} (built_at, run_id, project_fingerprint, "
            "rebuilt_authorities, snapshots, unit_tests_ran, unit_tests_passed_at, "
            "unit_tests_passed_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                built_at,
                run_id,
                fingerprint,
                None if scope.authorities is None else list(scope.authorities),
                list(scope.snapshots),
                scope.runs_unit_tests,
                passed.built_at if passed else None,
                passed.run_id if passed else None,
            ],
        )
    finally:
        connection.close()
    if scope.runs_unit_tests and installation_record is not None:
        return record_pass(installation_record, fingerprint, passed, warehouse_path)
    return None


_UNIT_TEST_COLUMNS = (
    ("unit_tests_ran", "BOOLEAN"),
    ("unit_tests_passed_at", "TIMESTAMP"),
    ("unit_tests_passed_run_id", "VARCHAR"),
)


def _unit_tests_passed(
    connection: duckdb.DuckDBPyConnection, fingerprint: str
) -> UnitTestsPassed | None:
    """The last build of this project in which every unit test passed, if any."""
    columns = {
        column for (column,) in connection.execute(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'audit' "
            "AND table_name = 'metrics_builds'"
        ).fetchall()
    }
    if not {column for column, _ in _UNIT_TEST_COLUMNS} <= columns:
        return None
    rows = connection.execute(
        f"SELECT unit_tests_passed_at, unit_tests_passed_run_id FROM {METRICS_BUILDS} "
        "WHERE project_fingerprint = ? AND unit_tests_passed_at IS NOT NULL "
        "ORDER BY built_at DESC LIMIT 1",
        [fingerprint],
    ).fetchall()
    return UnitTestsPassed(*rows[0]) if rows else None


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
