"""The serving database and the Streamlit app that reads it, as Dagster assets.

`serving_database` publishes the file the app reads (see serving_publication) after the dbt
build; `streamlit_app` is an external asset (kind `streamlit`, the app in app/main.py) that
closes the lineage: landing files -> raw tables -> dbt models -> serving database -> app.
"""


from pathlib import Path

import dagster as dg
import duckdb

from orchestration.raw_assets import AUDIT_KEYS, WAREHOUSE_POOL
from orchestration.resources import WarehouseResource
from orchestration.serving_publication import publish

SERVING_KEY = dg.AssetKey("serving_database")
APP_KEY = dg.AssetKey("streamlit_app")


def build_serving_database(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    """The publishing asset, downstream of the given marts models (and the audit tables)."""

    @dg.asset(
        key=SERVING_KEY,
        deps=[*upstream, *AUDIT_KEYS],
        group_name="serving",
        kinds={"duckdb"},
        pool=WAREHOUSE_POOL,
        description=(
            "What the app reads (CSC_SERVING_PATH): every marts table, the audit tables, the "
            "quarantine with direct identifiers withheld, each authority's current snapshot and "
            "refresh_info, and the list of kept publications (each kept as a file of its own, "
            "pruned by the retention setting). Written aside and moved into place whole."
        ),
    )
    def serving_database(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        paths = warehouse.paths
        publication = publish(paths, run_id=context.run.run_id, log=context.log.info)
        rejections = _rejections_of_run(context.run.run_id, publication.path)
        if rejections and paths.fail_on_rejection:
            raise dg.Failure(
                description=(
                    "Published, but this refresh rejected deliveries or held them for review "
                    "(CSC_FAIL_ON_REJECTION is set): " + "; ".join(rejections)
                )
            )
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(publication.path)),
                "published_at": publication.published_at.isoformat(sep=" ") + " UTC",
                "tables": dg.MetadataValue.md(
                    "| table | rows |\n| --- | --- |\n"
                    + "\n".join(f"| {t} | {n} |" for t, n in publication.row_counts.items())
                ),
                "rejections_in_this_run": len(rejections),
                "publication_id": publication.publication_id,
                "publications_kept": len(publication.kept),
                "publications_let_go": ", ".join(publication.pruned) or "none",
                "written": (
                    "every table copied from the warehouse"
                    if publication.updated_authorities is None
                    else "the last publication, with the rows of authorities "
                    + (", ".join(publication.updated_authorities) or "(none)")
                    + " replaced"
                ),
            }
        )

    return serving_database


def _rejections_of_run(run_id: str, serving_path: Path) -> list[str]:
    """The snapshots this run rejected or held for review, in words, read back from what was
    just published."""
    connection = duckdb.connect(str(serving_path), read_only=True)
    try:
        return [
            f"{la_code}/{snapshot_date}: {'held for review: ' if status == 'held' else ''}{message}"
            for la_code, snapshot_date, status, message in connection.execute(
                "SELECT la_code, snapshot_date, status, message FROM snapshot_loads "
                "WHERE run_id = ? AND status IN ('rejected', 'held') ORDER BY ALL",
                [run_id],
            ).fetchall()
        ]
    finally:
        connection.close()


STREAMLIT_APP = dg.AssetSpec(
    APP_KEY,
    deps=[SERVING_KEY],
    group_name="serving",
    kinds={"streamlit"},
    description=(
        "The Streamlit app (app/main.py; `make app`) for leaders, managers and auditors. It opens "
        "the serving database read-only and never the warehouse."
    ),
    metadata={"entry point": "app/main.py", "command": "make app"},
)
