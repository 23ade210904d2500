"""The loader's tables in the warehouse: raw.<table> for each table of each delivery format,
and audit.*.

Layouts are the contract in docs/architecture.md; the raw columns come from the format
descriptions (orchestration/formats/): an SSD table's columns as the format names them, an
Annex A list's columns by meaning, each after the lead columns that say where a row came from.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from orchestration.extract_format import TABLES, ExtractTable, Kind
from orchestration.formats.description import TableDescription, load_format
from orchestration.sql_text import identifier
from orchestration.value_parsing import PARSERS

RAW_SCHEMA = "raw"
AUDIT_SCHEMA = "audit"
LANDING_NOTICES = f"{AUDIT_SCHEMA}.landing_notices"
HELD_ACCEPTANCES = f"{AUDIT_SCHEMA}.held_acceptances"

# Columns every raw table starts with, before the format's own.
RAW_LEAD_COLUMNS = (
    ("la_code", "VARCHAR"),
    ("snapshot_date", "DATE"),
    ("source_file", "VARCHAR"),
    ("source_row", "BIGINT"),
)

# A workbook's rows also say which sheet they were on (its name as delivered).
WORKBOOK_LEAD_COLUMNS = (
    ("la_code", "VARCHAR"),
    ("snapshot_date", "DATE"),
    ("source_file", "VARCHAR"),
    ("source_sheet", "VARCHAR"),
    ("source_row", "BIGINT"),
)
# A CIN census return's records say which element they are (its path within the return,
# `Child[12]/CINdetails[2]`); their source_row is the line of the file where it begins.
CENSUS_LEAD_COLUMNS = (
    ("la_code", "VARCHAR"),
    ("snapshot_date", "DATE"),
    ("source_file", "VARCHAR"),
    ("source_element", "VARCHAR"),
    ("source_row", "BIGINT"),
)
EXTRA_COLUMNS = ("extra_columns", "MAP(VARCHAR, VARCHAR)")

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
        ("kind", "VARCHAR"),  # of delivery: ssd, annex_a (delivery_kinds); NULL: none recognised
        ("notes", "VARCHAR"),  # what the load ignored (sheets, files), in plain words
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
        ("sheet_name", "VARCHAR"),  # a workbook's list: its sheet as delivered; NULL for a CSV
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
        ("source_sheet", "VARCHAR"),  # a workbook's sheet as delivered; NULL for a CSV file
        ("heading", "VARCHAR"),  # the column's heading in the sheet; NULL for a CSV file
        # A CIN census record's element path (Child[12]/CINdetails[2]); source_row is then
        # the line of the file where the element begins. NULL for the other kinds.
        ("source_element", "VARCHAR"),
    ),
    # A value that could not be read where the format loads it as empty rather than quarantine
    # its row (an Annex A workbook's optional columns), or a formula without a saved value.
    "value_notes": (
        ("load_id", "VARCHAR"),
        ("la_code", "VARCHAR"),
        ("snapshot_date", "DATE"),
        ("table_name", "VARCHAR"),
        ("source_file", "VARCHAR"),
        ("source_sheet", "VARCHAR"),
        ("source_row", "BIGINT"),
        ("record_id", "VARCHAR"),
        ("column_name", "VARCHAR"),
        ("heading", "VARCHAR"),
        ("value", "VARCHAR"),
        ("rule", "VARCHAR"),
        ("source_element", "VARCHAR"),  # a CIN census record's element path, as above
    ),
    # The format's columns a loaded file left out of its header: absent, not empty, so every
    # figure that reads one is "not available" for the snapshot rather than made of NULLs.
    "absent_columns": (
        ("load_id", "VARCHAR"),
        ("la_code", "VARCHAR"),
        ("snapshot_date", "DATE"),
        ("table_name", "VARCHAR"),
        ("column_name", "VARCHAR"),
    ),
    # A snapshot held for review that an operator accepted: who, when, and why it was held.
    "held_acceptances": (
        ("load_id", "VARCHAR"),
        ("la_code", "VARCHAR"),
        ("snapshot_date", "DATE"),
        ("accepted_by", "VARCHAR"),
        ("accepted_through", "VARCHAR"),
        ("accepted_at", "TIMESTAMP"),
        ("run_id", "VARCHAR"),
        ("held_message", "VARCHAR"),
    ),
    # What the last load found in the landing area and could not load; replaced by each load.
    "landing_notices": (
        ("folder", "VARCHAR"),
        ("la_code", "VARCHAR"),
        ("kind", "VARCHAR"),
        ("message", "VARCHAR"),
        ("since", "TIMESTAMP"),
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
        EXTRA_COLUMNS,
    )


def workbook_raw_columns(table: TableDescription) -> tuple[tuple[str, str], ...]:
    """A workbook list's raw columns and types, in order: the lead columns, then each column
    the list describes (an ignored one stays in extra_columns), a pseudonymised one followed
    by its pseudonym."""
    columns: list[tuple[str, str]] = []
    for column in table.columns:
        if column.kind == "ignored":
            continue
        columns.append((column.name, PARSERS[Kind(column.kind)].sql_type))
        if column.pseudonym:
            columns.append((column.pseudonym, "VARCHAR"))
    return (*WORKBOOK_LEAD_COLUMNS, *columns, EXTRA_COLUMNS)


def census_raw_columns(table: TableDescription) -> tuple[tuple[str, str], ...]:
    """A CIN census table's raw columns and types, in order: the lead columns, then each
    column the table describes, then the unknown elements (extra_columns)."""
    return (
        *CENSUS_LEAD_COLUMNS,
        *((column.name, PARSERS[Kind(column.kind)].sql_type) for column in table.columns),
        EXTRA_COLUMNS,
    )


# Every raw table of every format, name to columns.
RAW_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    **{table.name: raw_columns(table) for table in TABLES},
    **{table.name: workbook_raw_columns(table) for table in load_format("annex_a").tables},
    **{table.name: census_raw_columns(table) for table in load_format("cin_census").tables},
}


def create_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the raw and audit schemas and tables that do not exist yet (all at once), and add
    to a table made by an older version the columns added since (always at the end)."""
    existing: dict[tuple[str, str], set[str]] = {}
    for schema, table, column in connection.execute(
        "SELECT table_schema, table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema IN (?, ?)",
        [RAW_SCHEMA, AUDIT_SCHEMA],
    ).fetchall():
        existing.setdefault((schema, table), set()).add(column)
    connection.execute("BEGIN TRANSACTION")
    connection.execute(f"CREATE SCHEMA IF NOT EXISTS {RAW_SCHEMA}")
    connection.execute(f"CREATE SCHEMA IF NOT EXISTS {AUDIT_SCHEMA}")
    for schema, tables in ((RAW_SCHEMA, RAW_TABLES), (AUDIT_SCHEMA, AUDIT_TABLES)):
        for name, columns in tables.items():
            _create(connection, schema, name, columns, existing.get((schema, name)))
    connection.execute("COMMIT")


def _create(
    connection: duckdb.DuckDBPyConnection,
    schema: str,
    name: str,
    columns: tuple[tuple[str, str], ...],
    existing: set[str] | None,
) -> None:
    if existing is None:
        listed = ", ".join(f"{identifier(column)} {sql_type}" for column, sql_type in columns)
        connection.execute(f"CREATE TABLE IF NOT EXISTS {schema}.{name} ({listed})")
        return
    for column, sql_type in columns:
        if column not in existing:
            connection.execute(
                f"ALTER TABLE {schema}.{name} ADD COLUMN {identifier(column)} {sql_type}"
            )
