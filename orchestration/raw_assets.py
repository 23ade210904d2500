"""The landing files and the raw and audit tables as Dagster assets, and the loader that fills them.

Landing files are external assets (Dagster observes, never writes, them): one per extract
table, kind `csv`, one per list of an Annex A workbook, kind `xlsx`, and the snapshot folders
themselves (`landing/snapshot_folders`, what the audit tables record), group `landing`. The
raw and audit tables are the group `raw`. The loader is one multi-asset, `load_snapshots`, that
materialises every raw table (`raw/<table>`, the keys dagster-dbt gives the `raw` source) and
the three audit tables, and reports the validation results as asset checks (see
delivery_checks), summed up in one line of the run's log. When no snapshot was attempted and
the serving database is up to date, it materialises nothing, so the dbt build and the publish
are skipped and a no-change refresh is fast.
"""


from datetime import datetime

import dagster as dg

from orchestration import delivery_checks, delivery_holds
from orchestration.delivery_kinds import LOADED_TABLES
from orchestration.extract_format import ExtractTable
from orchestration.landing_load import LandingLoadReport, load_landing_area
from orchestration.load_decisions import IN_RAW
from orchestration.refresh_need import serving_is_behind
from orchestration.resources import WarehouseResource
from orchestration.serving_publication import published_at
from orchestration.snapshot_loader import LoadOutcome
from orchestration.warehouse_schema import AUDIT_TABLES, RAW_TABLES
from orchestration.workbook_format import WORKBOOK_FILE_NAME

WAREHOUSE_POOL = "warehouse"
RUN_USER_TAG = "user"  # the run's launcher, where Dagster records one (dagster._core.storage.tags)
AUDIT_DESCRIPTIONS = {
    "snapshot_loads": "One row per attempt to load a snapshot: loaded, held for review (in raw, "
    "not used for the figures) or rejected, and why.",
    "load_ledger": "One row per file of each attempt: SHA-256, size, rows read, loaded and "
    "quarantined.",
    "quarantine": "One row per rule a quarantined row broke: file (and sheet), row number, "
    "column, value as delivered and the rule in plain words.",
    "value_notes": "One row per value that could not be read and was loaded as empty (its row "
    "kept): file, sheet, row number, column and heading, value as delivered, the rule.",
    "absent_columns": "The format's columns each loaded file left out of its header: absent, "
    "so the figures that read them are not available, never computed from empty values.",
    "held_acceptances": "Snapshots held for review that an operator accepted: who, when, in "
    "which run, and why they had been held.",
    "landing_notices": "Folders of the landing area the last load could not load, and why: "
    "waiting too long for _SUCCESS, a symbolic link, or misnamed.",
}


# The landing area as a whole: its folders and their _SUCCESS files, what the audit tables
# record of every load (one node, so that a table's lineage does not fan out to every file).
LANDING_FOLDERS_KEY = dg.AssetKey(["landing", "snapshot_folders"])


def landing_key(table: ExtractTable) -> dg.AssetKey:
    return dg.AssetKey(["landing", table.name])


def raw_key(table: ExtractTable) -> dg.AssetKey:
    return dg.AssetKey(["raw", table.name])


def audit_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["audit", name])


AUDIT_KEYS = tuple(audit_key(name) for name in AUDIT_TABLES)


def _schema(columns: tuple[tuple[str, str], ...]) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(name, sql_type) for name, sql_type in columns])


def _delivered_as(table: ExtractTable) -> str:
    required = "optional" if table.optional else "required"
    if table.format_name == "ssd":
        return (
            f"Delivered as <landing>/<la_code>/<YYYY-MM-DD>/{table.file_name} ({required}); see "
            "docs/extract-format.md."
        )
    return (
        f"Delivered as a sheet of <landing>/<la_code>/<YYYY-MM-DD>/{WORKBOOK_FILE_NAME} "
        f"({table.delivered_in}, {required}); see docs/annex-a-format.md."
    )


LANDING_FOLDERS_SPEC = dg.AssetSpec(
    LANDING_FOLDERS_KEY,
    description=(
        "The landing area's snapshot folders, <landing>/<la_code>/<YYYY-MM-DD>/, each complete "
        "once its _SUCCESS file is written: which folders there are, what kind of delivery each "
        "holds, and which files. The audit tables record every attempt to load one."
    ),
    group_name="landing",
    kinds={"folder"},
)

LANDING_SPECS = [
    LANDING_FOLDERS_SPEC,
    *(dg.AssetSpec(
        landing_key(table),
        description=f"{table.description} {_delivered_as(table)}",
        group_name="landing",
        kinds={"csv" if table.format_name == "ssd" else "xlsx"},
        metadata={
            "required": not table.optional,
            "dagster/column_schema": _schema(
                tuple(
                    (c.name, c.kind.value + (", required" if c.required else ""))
                    for c in table.columns
                )
            ),
        },
    )
    for table in LOADED_TABLES),
]

RAW_SPECS = [
    dg.AssetSpec(
        raw_key(table),
        deps=[landing_key(table)],
        description=(
            f"{table.description} The valid rows of every loaded snapshot, keyed by la_code and "
            "snapshot_date, each with the file and row it came from."
        ),
        group_name="raw",
        kinds={"duckdb"},
        skippable=True,
        metadata={
            "dagster/table_name": f"raw.{table.name}",
            "dagster/column_schema": _schema(RAW_TABLES[table.name]),
        },
    )
    for table in LOADED_TABLES
]

AUDIT_SPECS = [
    dg.AssetSpec(
        audit_key(name),
        deps=[LANDING_FOLDERS_KEY],
        description=AUDIT_DESCRIPTIONS[name],
        group_name="raw",
        kinds={"duckdb"},
        skippable=True,
        metadata={
            "dagster/table_name": f"audit.{name}",
            "dagster/column_schema": _schema(columns),
        },
    )
    for name, columns in AUDIT_TABLES.items()
]

CHECK_SPECS = [
    *(
        dg.AssetCheckSpec(
            delivery_checks.LATEST_DELIVERY_LOADED,
            asset=raw_key(table),
            description=f"Each authority's newest delivery was loaded, not rejected for its "
            f"{table.delivered_in} nor held for review because of it.",
        )
        for table in LOADED_TABLES
    ),
    *(
        dg.AssetCheckSpec(
            delivery_checks.NO_QUARANTINED_ROWS,
            asset=raw_key(table),
            description="No row of this table is quarantined in any authority's current snapshot.",
        )
        for table in LOADED_TABLES
    ),
    dg.AssetCheckSpec(
        delivery_checks.LATEST_DELIVERIES_LOADED,
        asset=audit_key("snapshot_loads"),
        description="Every authority's newest delivery is loaded and in use (not held for review).",
    ),
]


class LoadConfig(dg.Config):
    force_publish: bool = False
    """Rebuild the metrics and republish even when no snapshot changed."""
    accept_held: list[str] = []
    """Snapshots held for review to accept, as <authority>/<extract date> (901/2024-03-31):
    their figures then replace the authority's previous ones (`make refresh ACCEPT=...`)."""
    accepted_by: str | None = None
    """Who accepts them, for the record (default: the run's `user` tag, else the system user)."""


@dg.multi_asset(
    name="load_snapshots",
    specs=[*RAW_SPECS, *AUDIT_SPECS],
    check_specs=CHECK_SPECS,
    pool=WAREHOUSE_POOL,
    description="Validate and load every complete snapshot not loaded yet (every authority).",
)
def load_snapshots(
    context: dg.AssetExecutionContext, config: LoadConfig, warehouse: WarehouseResource
):
    try:
        acceptance = delivery_holds.acceptance(
            config.accept_held, config.accepted_by, context.run.tags.get(RUN_USER_TAG)
        )
        report = load_landing_area(
            warehouse.paths, run_id=context.run.run_id, log=context.log.info, acceptance=acceptance
        )
    except delivery_holds.AcceptanceError as error:
        raise dg.Failure(description=str(error)) from None
    context.log.info(report.summary())
    for notice in report.notices:
        context.log.warning(notice.message)
    for rejected in report.rejected:
        context.log.error(f"Snapshot {rejected.label} rejected: {rejected.message}")
    for held in report.held:
        context.log.error(
            f"Snapshot {held.label} held for review (the authority keeps its previous figures; "
            f"to use it, run the refresh with accept_held: [{held.label}]): {held.message}"
        )

    stale = _serving_is_stale(report, warehouse)
    changed = report.attempts or stale or report.notices_changed or report.accepted
    if changed or config.force_publish:
        if not changed:
            context.log.info(
                "Forced (run config force_publish): the serving database is republished "
                "though no snapshot changed."
            )
        elif stale and not report.attempts:
            context.log.info("The serving database is missing or older than the last load.")
        if report.notices_changed and not report.attempts:
            context.log.info("What the landing area holds that cannot be loaded has changed.")
        yield from _materializations(report)
    else:
        context.log.info(
            "No new or changed snapshot: the dbt build and the publication are skipped."
        )

    outcomes = delivery_checks.evaluate(report)
    context.log.info(_checks_summary(outcomes))
    for outcome in outcomes:
        yield dg.AssetCheckResult(
            asset_key=dg.AssetKey(list(outcome.asset)),
            check_name=outcome.name,
            passed=outcome.passed,
            severity=dg.AssetCheckSeverity(outcome.severity),
            description=outcome.description,
            metadata=(
                {"details": dg.MetadataValue.md(_markdown(outcome.rows))} if outcome.rows else {}
            ),
        )


def _serving_is_stale(report: LandingLoadReport, warehouse: WarehouseResource) -> bool:
    last_change = max((a.finished_at for a in report.history.latest.values()), default=None)
    return serving_is_behind(published_at(warehouse.paths.serving_path), last_change)


def _checks_summary(outcomes: list[delivery_checks.CheckOutcome]) -> str:
    """One line for the terminal: how many delivery checks passed, and which did not."""
    failed = [o for o in outcomes if not o.passed]
    line = f"Delivery checks: {len(outcomes) - len(failed)} of {len(outcomes)} passed"
    if not failed:
        return line + "."
    by_check: dict[tuple[str, str], list[str]] = {}
    for outcome in failed:
        by_check.setdefault((outcome.name, outcome.severity), []).append("/".join(outcome.asset))
    parts = "; ".join(
        f"{name} ({severity}) on {', '.join(assets)}" for (name, severity), assets in by_check.items()
    )
    return f"{line}; not passed: {parts}."


def _materializations(report: LandingLoadReport):
    for table in LOADED_TABLES:
        files = [
            (attempt, f)
            for attempt in report.attempts
            for f in attempt.files
            if f.table_name == table.name
        ]
        loaded = [f for attempt, f in files if attempt.status in IN_RAW]
        yield dg.MaterializeResult(
            asset_key=raw_key(table),
            metadata={
                "dagster/row_count": report.table_rows.get(f"raw.{table.name}", 0),
                "snapshots_loaded": len(loaded),
                "snapshots": ", ".join(a.label for a, _ in files if a.status in IN_RAW),
                "rows_read": sum(f.rows_read or 0 for f in loaded),
                "rows_loaded": sum(f.rows_loaded or 0 for f in loaded),
                "rows_quarantined": sum(f.rows_quarantined or 0 for f in loaded),
                "files": dg.MetadataValue.md(
                    _markdown([_file_row(attempt, f) for attempt, f in files])
                    or "No file of this table in the snapshots attempted by this run."
                ),
            },
        )
    for name in AUDIT_TABLES:
        yield dg.MaterializeResult(
            asset_key=audit_key(name),
            metadata={
                "dagster/row_count": report.table_rows.get(f"audit.{name}", 0),
                "attempts": dg.MetadataValue.md(
                    _markdown([_attempt_row(attempt) for attempt in report.attempts])
                    or "No snapshot attempted by this run."
                ),
            },
        )


def _file_row(attempt: LoadOutcome, f) -> dict[str, object]:
    return {
        "authority": attempt.la_code,
        "snapshot date": attempt.snapshot_date.isoformat(),
        "source file": f.source_file + (f" ({f.sheet_name})" if f.sheet_name else ""),
        "SHA-256": f.sha256,
        "rows read": f.rows_read,
        "loaded": f.rows_loaded,
        "quarantined": f.rows_quarantined,
        "status": f.status + (f": {f.message}" if f.message else ""),
    }


def _attempt_row(attempt: LoadOutcome) -> dict[str, object]:
    return {
        "authority": attempt.la_code,
        "snapshot date": attempt.snapshot_date.isoformat(),
        "status": attempt.status,
        "kind": attempt.kind or "",
        "files": len({f.file_name for f in attempt.files}),
        "rows read": attempt.total("rows_read"),
        "loaded": attempt.total("rows_loaded"),
        "quarantined": attempt.total("rows_quarantined"),
        "message": attempt.message or "",
    }


def _markdown(rows: list[dict[str, object]]) -> str:
    """A markdown table of the rows (their keys are the columns); empty for no rows."""
    if not rows:
        return ""
    columns = list(rows[0])

    def cell(value: object) -> str:
        if value is None:
            return ""
        text = value.isoformat() if isinstance(value, datetime) else str(value)
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(columns) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
        *("| " + " | ".join(cell(row[c]) for c in columns) + " |" for row in rows),
    ]
    return "\n".join(lines)
