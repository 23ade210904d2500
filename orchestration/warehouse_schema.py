"""The loader's tables in the warehouse: raw.<table> for each extract table, and audit.*.

Layouts are the contract in docs/architecture.md; the raw columns come from the extract format.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from orchestration.extract_format import TABLES, ExtractTable
from orchestration.sql_text import identifier
from orchestration.value_parsing import PARSERS

RAW_SCHEMA = "raw"
AUDIT_SCHEMA = "audit"

# Columns every raw table starts with, before the format's own.
RAW_LEAD_COLUMNS = (
    ("la_code", "VARCHAR"),
    ("snapshot_date", "DATE"),
    ("source_file", "VARCHAR"),
    ("source_row", "BIGINT"),
)

AUDIT_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "snapshot_loads": (
        ("load_id", "VARCHAR"),
        ("la_code", "VARCHAR"),
        ("snapshot_date", "DATE"),
        ("status", "VARCHAR"),
        ("message", "VARCHAR"),
        ("files", "BIGINT"),
        ("rows_read", "BIGINT"),
        ("rows_loaded", "BIGINT"),
        ("rows_quarantined", "BIGINT"),
        ("started_at", "TIMESTAMP"),
        ("finished_at", "TIMESTAMP"),
        ("run_id", "VARCHAR"),
    ),
    "load_ledger": (
        ("load_id", "VARCHAR"),
        ("la_code", "VARCHAR"),
        ("snapshot_date", "DATE"),
        ("table_name", "VARCHAR"),
        ("file_name", "VARCHAR"),
        ("source_file", "VARCHAR"),
        ("sha256", "VARCHAR"),
        ("size_bytes", "BIGINT"),
        ("rows_read", "BIGINT"),
        ("rows_loaded", "BIGINT"),
        ("rows_quarantined", "BIGINT"),
        ("status", "VARCHAR"),
        ("message", "VARCHAR"),
        ("started_at", "TIMESTAMP"),
        ("finished_at", "TIMESTAMP"),
    ),
    "quarantine": (
        ("load_id", "VARCHAR"),
        ("la_code", "VARCHAR"),
        ("snapshot_date", "DATE"),
        ("table_name", "VARCHAR"),
        ("source_file", "VARCHAR"),
        ("source_row", "BIGINT"),
        ("record_id", "VARCHAR"),
        ("column_name", "VARCHAR"),
        ("value", "VARCHAR"),
        ("rule", "VARCHAR"),
        ("record", "JSON"),
    ),
}


def utc_now() -> datetime:
    """Audit timestamps are UTC, stored without a zone."""
    return datetime.now(UTC).replace(tzinfo=None)


def raw_columns(table: ExtractTable) -> tuple[tuple[str, str], ...]:
    """The raw table's columns and types, in order."""
    return (
        *RAW_LEAD_COLUMNS,
        *((column.name, PARSERS[column.kind].sql_type) for column in table.columns),
        ("extra_columns", "MAP(VARCHAR, VARCHAR)"),
    )


def create_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the raw and audit schemas and tables that do not exist yet (all at once)."""
    connection.execute("BEGIN TRANSACTION")
    connection.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
    connection.execute(f"CREATE SCHEMA IF NOT EXISTS {AUDIT_SCHEMA}")
    for table in TABLES:
        _create(connection, f"{RAW_SCHEMA}.{table.name}", raw_columns(table))
    for name, columns in AUDIT_TABLES.items():
        _create(connection, f"{AUDIT_SCHEMA}.{name}", columns)
    connection.execute("COMMIT")


def _create(
    connection: duckdb.DuckDBPyConnection, name: str, columns: tuple[tuple[str, str], ...]
) -> None:
    listed = ", ".join(f"{identifier(column)} {sql_type}" for column, sql_type in columns)
    connection.execute(f"CREATE TABLE IF NOT EXISTS {name} ({listed})")
