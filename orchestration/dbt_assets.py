"""The metrics layer (dbt_project/) as Dagster assets, built with `dbt build`.

Every dbt model and seed becomes an asset keyed `<schema>/<name>` (`marts/metric_values`,
`staging/...`), grouped by its layer (its schema; the seeds, what the project is given, with
the raw tables) and described by its dbt docs; dbt's tests become asset checks. An asset
depends on what its model reads (its refs and sources), so a metric's lineage shows the tables
it is built on and nothing else. The `raw` and `audit` sources keep dagster-dbt's default keys, `raw/<table>` and `audit/<table>`, which are
the loader's assets, so the lineage runs unbroken from the landing files to the marts.

dagster-dbt needs the project's manifest before the definitions load. It is (re)made with
`dbt parse` when it is missing or older than any file of the project, so a fresh clone, or a
model edited since the last parse, works with `dagster job execute` as well as `dagster dev`.
It is made with the vars of a full build, beside one with those of a some-authorities build,
each in a folder of its own (`saved_parse_folder`), out of reach of a `dbt` run by hand or
`make docs` in the project: dbt parses the whole project (10-30 s) when its target folder holds
no parse made with the same profile and vars, and a warehouse's first build of each kind starts
from the saved one instead (`with_saved_parse`), whichever warehouse it is of (its dbt runs in
the warehouse's folder, the profile naming the file relative to it: dbt_child).

A build rebuilds only the authorities whose snapshot changed since the last build when it can,
everything when it must, and nothing (only the data tests run) when no authority has a new
snapshot, unless the run config asks for a rebuild (metrics_build_scope). dbt's per-node
lines go to the run's debug log, its progress and summary to the terminal (dbt_progress).
"""


import fcntl
import hashlib
import os
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import cached_property
from graphlib import TopologicalSorter
from importlib import metadata
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb

from orchestration.dagster_dbt_import import dbt_core_not_importable

with dbt_core_not_importable():  # dagster-dbt without dbt's 2 s of imports: dagster_dbt_import
    from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
    from dagster_dbt.asset_utils import default_description_fn
    from dagster_dbt.dbt_manifest import validate_manifest
from dbt.constants import MANIFEST_FILE_NAME, PARTIAL_PARSE_FILE_NAME
from packaging import version

from orchestration.build_provenance import rows_per_authority, snapshots_built_from
from orchestration.dbt_child import COMMAND as DBT_CHILD_COMMAND
from orchestration.dbt_child import as_child_of_this_process, warehouse_for_dbt
from orchestration.dbt_progress import dbt_output_to_run_log
from orchestration.dbt_template_cache import CACHE_VARIABLE as TEMPLATE_CACHE_VARIABLE
from orchestration.metrics_build_scope import (
    EVERY_AUTHORITY,
    KINDS,
    decide_scope,
    kind_vars,
    project_fingerprint,
    record_build,
)
from orchestration.process_environment import environment_set
from orchestration.raw_assets import WAREHOUSE_POOL
from orchestration.resources import WarehouseResource
from orchestration.settings import REPOSITORY_ROOT
from orchestration.unit_test_passes import record_path
from orchestration.warehouse_lock import warehouse_lock

DBT_PROJECT_DIR = REPOSITORY_ROOT / "dbt_project"
MARTS_SCHEMA = "marts"
METRIC_VALUES_KEY = dg.AssetKey([MARTS_SCHEMA, "metric_values"])
# The Dagster group (layer) of a warehouse schema, where it is not the schema's own name.
_LAYER_OF_SCHEMA = {"seeds": "raw"}
# What a refresh's dbt writes besides the warehouse (`dbt` by hand keeps dbt's defaults):
# - its file log (dbt.log in the build's target folder) at info: what it says (each node's
#   start and end, warnings, errors, whether it parsed the project whole), not its debug lines
#   (every SQL statement, macro and cache step: some 12 MB a build, and on a small warehouse a
#   good part of the build's time, dbt's own Python between queries); as plain lines of text
#   with their time and thread (dbt's `debug` line format), not the JSON events dagster-dbt
#   has dbt print (each event made into a dictionary, scrubbed and dumped again for the file);
# - no JSON artifacts (manifest.json twice, run_results.json: some 1.2 s of a build, one
#   thread's, before and after the nodes): nothing reads them after a refresh's build.
#   dagster-dbt reads dbt's events as they stream, and its assets the saved parse's manifest
#   (saved_parse_folder); dbt's parse of the project (partial_parse.msgpack) is still kept.
# Dagster's run log has dbt's output in full as it runs.
BUILD_OUTPUTS = {
    "DBT_LOG_LEVEL_FILE": "info",
    "DBT_LOG_FORMAT_FILE": "debug",
    "DBT_USE_COLORS_FILE": "false",
    "DBT_WRITE_JSON": "false",
}
# Held while the saved parses are checked and made, in the project's target folder.
PARSE_LOCK_FILE_NAME = ".parse.lock"
# dbt's compiled Jinja templates, in the project's target folder (dbt_template_cache).
TEMPLATE_CACHE_FILE_NAME = "jinja-templates.marshal"
# What a change to should trigger a new parse; dbt's own outputs are left out.
_PROJECT_SOURCES = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "tests",
    "snapshots",
)


def warehouse_key(node: Mapping[str, Any]) -> dg.AssetKey:
    """A model's, seed's or snapshot's asset key: its warehouse schema and table."""
    return dg.AssetKey([node["schema"], node["alias"] or node["name"]])


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """Models and seeds keyed by their warehouse schema, grouped by layer, described by their
    dbt docs (the SQL is one click away in the UI's code view, not in the description)."""

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        return default_description_fn(dbt_resource_props, display_raw_sql=False)

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest.get("nodes", {}).get(unique_id)
        if node is None or node["resource_type"] not in ("model", "seed", "snapshot"):
            return spec
        return spec.replace_attributes(
            key=warehouse_key(node),
            group_name=_LAYER_OF_SCHEMA.get(node["schema"], node["schema"]),
        )


class InstalledDbtCliResource(DbtCliResource):
    """dagster-dbt's dbt resource without two costs paid before every dbt command, neither
    of which this project needs (together 5-15 s of each refresh that runs dbt):

    - it is told dbt's version rather than asking: dagster-dbt would start `dbt --version`,
      a Python process of its own that imports dbt. dbt beside this Python is the dbt-core
      installed here; any other dbt is asked as usual;
    - it opens no dbt adapter in this process: dagster-dbt loads dbt's profile and macros
      here only to fetch row counts or column metadata for the assets, which these assets
      never ask for (dbt itself, in its own process, does the work)."""

    @cached_property
    def _cli_version(self) -> version.Version:
        if Path(self.dbt_executable).parent == Path(sys.executable).parent:
            return version.parse(metadata.version("dbt-core"))
        return DbtCliResource._cli_version.func(self)

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def dbt_cli(project: DbtProject) -> DbtCliResource:
    """The dbt command line of this environment (beside this Python), found without relying on
    PATH: `make` runs .venv/bin/dagster without activating the virtualenv. It is `csc-dbt`, dbt
    that dies with the refresh that started it (dbt_child), where installed; plain dbt if not."""
    folder = Path(sys.executable).parent
    executable = next(
        (str(folder / name) for name in (DBT_CHILD_COMMAND, "dbt") if (folder / name).exists()),
        "dbt",
    )
    return InstalledDbtCliResource(project_dir=project, dbt_executable=executable)


def prepared_project(project_dir: Path, warehouse_path: Path) -> DbtProject | None:
    """The dbt project with an up-to-date manifest, or None when there is no project yet; and
    an up-to-date parse of it for each kind of build (saved_parse_folder), made side by side.
    (Parsing reads the profile, which needs the warehouse's file name.)"""
    if not (project_dir / "dbt_project.yml").exists():
        return None
    project = DbtProject(project_dir=project_dir, profiles_dir=project_dir)
    target = Path(project.project_dir) / project.target_path
    target.mkdir(parents=True, exist_ok=True)
    # Processes loading the definitions at once (test workers, the webserver and a refresh)
    # take turns: the first makes the parses, the others find them up to date. Two dbt parses
    # into one folder would write the same files at the same moment.
    with _held(target / PARSE_LOCK_FILE_NAME):
        stale = [
            kind for kind in KINDS
            if _older_than_project(project, saved_parse_folder(project, kind) / MANIFEST_FILE_NAME)
        ]
        # dbt parse opens no database, and a build's profile names the warehouse's file in its
        # folder (dbt_child): a file of that name in the target folder (there, unlike the
        # warehouse's folder on a fresh clone) gives the parse the very profile of those builds.
        with warehouse_for_dbt(target / warehouse_path.name), template_cache_for_dbt(project):
            parses = [
                dbt_cli(project).cli(
                    ["parse", "--quiet", *kind_vars(kind)],
                    target_path=saved_parse_folder(project, kind),
                )
                for kind in stale
            ]
            for parse in parses:
                parse.wait()
        made = saved_parse_folder(project, EVERY_AUTHORITY) / MANIFEST_FILE_NAME
        if not project.manifest_path.exists() or (
            project.manifest_path.stat().st_mtime < made.stat().st_mtime
        ):
            _copy_whole(made, project.manifest_path)
    return project


def template_cache_for_dbt(project: DbtProject) -> AbstractContextManager[None]:
    """For the block, dbt started from here keeps its compiled templates in one file of the
    project's target folder, for every warehouse and kind of build (dbt_template_cache)."""
    path = Path(project.project_dir) / project.target_path / TEMPLATE_CACHE_FILE_NAME
    return environment_set({TEMPLATE_CACHE_VARIABLE: str(path)})


def saved_parse_folder(project: DbtProject, kind: str) -> Path:
    """Where the parse of the project for a kind of build is kept, in the project's target
    folder; the manifest there (dagster-dbt's) is a copy of a full build's."""
    return Path(project.project_dir) / project.target_path / f"parse-{kind}"


def with_saved_parse(target_path: Path, saved_folder: Path) -> None:
    """Give a build's target folder that holds no parse the saved one of its kind. dbt checks
    a parse against the project's files and profile before using it: one made before an edit
    has the edited files parsed again, one made otherwise is parsed again whole."""
    kept, saved = target_path / PARTIAL_PARSE_FILE_NAME, saved_folder / PARTIAL_PARSE_FILE_NAME
    if kept.exists() or not saved.exists():
        return
    target_path.mkdir(parents=True, exist_ok=True)
    _copy_whole(saved, kept)


@contextmanager
def _held(lock_path: Path) -> Iterator[None]:
    """The kernel's lock on the file for the block (it goes when its holder's process ends)."""
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _copy_whole(source: Path, destination: Path) -> None:
    """Copied whole or not at all: a reader never finds half a file, whatever is killed when."""
    partial = destination.with_name(f".{destination.name}.{os.getpid()}")
    shutil.copyfile(source, partial)
    os.replace(partial, destination)


def _older_than_project(project: DbtProject, path: Path) -> bool:
    """Whether `path`, made from the project, is missing or older than any of its files."""
    if not path.exists():
        return True
    made = path.stat().st_mtime
    for name in _PROJECT_SOURCES:
        source = Path(project.project_dir) / name
        paths = [source] if source.is_file() else source.rglob("*") if source.is_dir() else []
        if any(path.stat().st_mtime > made for path in paths):
            return True
    return False


def build_target_path(project: DbtProject, warehouse_path: Path, kind: str) -> Path:
    """dbt's target folder for one kind of build (BuildScope.kind) of one warehouse, the same
    from one run to the next.

    dbt keeps its parse of the project there (partial_parse.msgpack) and parses again, whole,
    when the profile or the --vars it was made with differ. The profile names the warehouse's
    file relative to its folder (dbt_child), the same for every warehouse of that name, and
    the vars are those of the kind (kind_vars): a new folder is given the parse saved for its
    kind when the definitions loaded (with_saved_parse), and then keeps that of its last
    build. One refresh at a time writes a warehouse, so its folders have one dbt writing them;
    two warehouses never share one."""
    key = hashlib.sha256(str(Path(warehouse_path).resolve()).encode()).hexdigest()[:16]
    return Path(project.project_dir) / project.target_path / f"warehouse-{key}-{kind}"


class BuildConfig(dg.Config):
    force_rebuild: bool = False
    """Rebuild every model even when no authority has a new snapshot (after editing the models
    or the targets; `make refresh FORCE=1`)."""


def build_dbt_assets(project: DbtProject) -> dg.AssetsDefinition:
    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=WarehouseDbtTranslator(),
        name="dbt_metrics",
        pool=WAREHOUSE_POOL,
    )
    def dbt_metrics(
        context: dg.AssetExecutionContext,
        config: BuildConfig,
        dbt: DbtCliResource,
        warehouse: WarehouseResource,
    ):
        paths = warehouse.paths
        fingerprint = project_fingerprint(Path(project.project_dir), _PROJECT_SOURCES)
        # beside dbt's own state of the project: the unit tests' verdict holds for every warehouse
        passes = record_path(Path(project.project_dir) / project.target_path)
        with (
            warehouse_lock(paths.lock_path, context.log.info),
            warehouse_for_dbt(paths.warehouse_path),
            as_child_of_this_process(paths.lock_path),
        ):
            scope = decide_scope(
                paths.warehouse_path, fingerprint, force=config.force_rebuild,
                installation_record=passes,
            )
            context.log.info(scope.reason)
            context.log.info(scope.unit_tests_words())
            command = scope.dbt_command()
            target_path = build_target_path(project, paths.warehouse_path, scope.kind)
            with_saved_parse(target_path, saved_parse_folder(project, scope.kind))
            with (
                environment_set({**scope.dbt_environment(), **BUILD_OUTPUTS}),
                template_cache_for_dbt(project),
                dbt_output_to_run_log(context.log, command[0]),
            ):
                invocation = dbt.cli(command, context=context, target_path=target_path)
                yield from _with_provenance(
                    invocation.stream(),
                    context.assets_def.get_output_name_for_asset_key(METRIC_VALUES_KEY),
                    paths.warehouse_path,
                    scope.unit_tests_words(),
                )
            if scope.builds:
                unrecorded = record_build(
                    paths.warehouse_path, scope, fingerprint, context.run.run_id, passes
                )
                if unrecorded:
                    context.log.warning(unrecorded)
            else:
                yield from _marts_as_they_are(context, marts, paths.warehouse_path)

    marts = marts_keys(project)
    return dbt_metrics


def _with_provenance(
    events: Iterator[Any], metric_values_output: str, warehouse_path: Path, unit_tests: str
) -> Iterator[Any]:
    """dbt's events, with the snapshots, rows per authority and what became of the unit tests
    on metric_values' (dagster-dbt reports no unit test: they are not asset checks). dbt holds
    the warehouse until it ends, so its event and every later one wait for the end (in order)."""
    held: list[Any] = []
    try:
        for event in events:
            if held or (
                isinstance(event, dg.Output) and event.output_name == metric_values_output
            ):
                held.append(event)
            else:
                yield event
    except Exception:
        yield from held  # what dbt built before it failed is still reported as built
        raise
    if held:
        held[0] = held[0].with_metadata(
            {
                **held[0].metadata,
                **metric_values_provenance(warehouse_path),
                "unit_tests": unit_tests,
            }
        )
    yield from held


def metric_values_provenance(warehouse_path: Path) -> dict[str, dg.MetadataValue]:
    """What metric_values was built from, as its materialisation's metadata: every snapshot
    (authority, extract date, load id, kind, files with SHA-256) and its rows per authority."""
    connection = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        snapshots = snapshots_built_from(connection)
        rows = rows_per_authority(connection, f"{MARTS_SCHEMA}.metric_values")
    finally:
        connection.close()
    return {
        "snapshots": dg.MetadataValue.table(
            records=[dg.TableRecord(s.as_record()) for s in snapshots],
            schema=dg.TableSchema(
                columns=[
                    dg.TableColumn(name, "string")
                    for name in ("authority", "extract date", "load id", "kind", "files")
                ]
            ),
        ),
        "snapshots_built_from": len(snapshots),
        "rows_per_authority": dg.MetadataValue.json(rows),
    }


def _marts_as_they_are(
    context: dg.AssetExecutionContext, marts: list[dg.AssetKey], warehouse_path: Path
) -> Iterator[dg.Output]:
    """The marts, not rebuilt, handed on as they are, so that the serving database is still
    published (a Dagster step runs only when every asset it depends on was handed on). In
    dependency order, as Dagster requires."""
    wanted = set(marts)
    upstream = context.assets_def.asset_deps
    order = TopologicalSorter({key: upstream.get(key, set()) & wanted for key in marts})
    for key in order.static_order():
        yield dg.Output(
            None,
            output_name=context.assets_def.get_output_name_for_asset_key(key),
            metadata={
                "rebuilt": False,
                "why": "No authority has a new snapshot since the last dbt build: the table "
                "is as that build left it, and is published as it is.",
                **(metric_values_provenance(warehouse_path) if key == METRIC_VALUES_KEY else {}),
            },
        )


def marts_keys(project: DbtProject) -> list[dg.AssetKey]:
    """The asset keys of the models in the `marts` schema: what the serving database copies.
    The manifest as dagster-dbt read it for the assets (parsed once a process: 2.6 MB)."""
    manifest = validate_manifest(project.manifest_path)
    return sorted(
        (
            warehouse_key(node)
            for node in manifest["nodes"].values()
            if node["resource_type"] == "model" and node["schema"] == MARTS_SCHEMA
        ),
        key=lambda key: key.to_user_string(),
    )
