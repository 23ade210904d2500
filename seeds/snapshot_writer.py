"""Writing a snapshot folder: one CSV per table, then ``_SUCCESS``.

Columns stay typed (integers, day numbers, vocabulary indices) until here; DuckDB formats
them (prefixed zero-padded identifiers, ISO dates, ``Y``/``N`` flags, vocabulary strings)
and writes the CSV: UTF-8, comma separated, double-quote quoting only where a value needs
it, one header row, empty fields for empty values. Text that only a defect carries (an
impossible date, ``Yes`` for ``Y``) is laid over the typed value. Rows keep their order, so
the same inputs give byte-identical files.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from seeds.defects import DefectedTable
from seeds.extract_format import ENTITY_FORMAT, NO_DATE, SUCCESS_MARKER, TABLES_BY_NAME, TABLES, Column

TABLE_FILE_NAMES = frozenset(f"{t.name}.csv" for t in TABLES)


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _arrow_column(column: Column, values: np.ndarray, vocabulary: tuple[str, ...] | None) -> pa.Array:
    if column.kind == "date":
        empty = values == NO_DATE
        return pa.array(np.where(empty, 0, values).astype(np.int32), mask=empty).view(pa.date32())
    empty = values < 0
    if column.kind in ("id", "integer", "flag"):
        return pa.array(values.astype(np.int64), mask=empty)
    words = column.codes if column.kind == "code" else vocabulary
    if words is None:
        raise ValueError(f"no vocabulary for column {column.name}")
    if len(values) and values.max(initial=-1) >= len(words):
        raise ValueError(f"column {column.name} points past its vocabulary of {len(words)} words")
    return pa.DictionaryArray.from_arrays(pa.array(values.astype(np.int32), mask=empty), pa.array(words, pa.string()))


def _formatted(column: Column, values: np.ndarray) -> str:
    """The SQL expression that writes a typed column as the format's text."""
    name = _sql_name(column.name)
    if column.kind == "id":
        prefix, width = ENTITY_FORMAT[column.entity]
        if len(values) and values.max(initial=0) >= 10**width:
            raise ValueError(f"{column.name}: identifier too large for {width} digits")
        return f"{_sql_text(prefix)} || lpad(CAST({name} AS VARCHAR), {width}, '0')"
    if column.kind == "date":
        return f"strftime({name}, '%Y-%m-%d')"
    if column.kind == "flag":
        return f"CASE {name} WHEN 1 THEN 'Y' WHEN 0 THEN 'N' END"
    return f"CAST({name} AS VARCHAR)"


def register_typed_view(
    connection: duckdb.DuckDBPyConnection,
    table_name: str,
    columns: dict[str, np.ndarray],
    vocabularies: dict[str, tuple[str, ...]],
) -> None:
    """Make view ``table_name`` of a censored table as the extract would hold it, but typed:
    identifiers written as the extract writes them (``P0000042``), dates as DATE, flags as
    1/0, codes and text as text (NULL where empty). The Annex A lists are read from these."""
    definition = TABLES_BY_NAME[table_name]
    arrays = {
        c.name: _arrow_column(c, columns[c.name], vocabularies.get(c.name))
        for c in definition.columns
    }
    select = ", ".join(
        f"{_formatted(c, columns[c.name]) if c.kind == 'id' else f'CAST({_sql_name(c.name)} AS VARCHAR)' if c.kind in ('code', 'text', 'team', 'json') else _sql_name(c.name)} "
        f"AS {_sql_name(c.name)}"
        for c in definition.columns
    )
    connection.register("typed_source", pa.table(arrays))
    try:
        connection.execute(
            f"CREATE OR REPLACE TABLE {_sql_name(table_name)} AS SELECT {select} FROM typed_source"
        )
    finally:
        connection.unregister("typed_source")


class SnapshotWriter:
    """Writes snapshot folders through one DuckDB connection (one per process)."""

    def __init__(self, threads: int = 1) -> None:
        self.connection = duckdb.connect()
        self.connection.execute(f"SET threads = {int(threads)}")
        self.connection.execute("SET preserve_insertion_order = true")

    def close(self) -> None:
        self.connection.close()

    def write_table(
        self, path: Path, table_name: str, table: DefectedTable, vocabularies: dict[str, tuple[str, ...]]
    ) -> int:
        definition = TABLES_BY_NAME[table_name]
        arrays: dict[str, pa.Array] = {}
        select: list[str] = []
        for column in definition.columns:
            values = table.columns[column.name]
            arrays[column.name] = _arrow_column(column, values, vocabularies.get(column.name))
            expression = _formatted(column, values)
            if column.name in table.overrides:
                rows, texts = table.overrides[column.name]
                index = np.full(len(values), -1, dtype=np.int32)
                index[rows] = np.arange(len(texts), dtype=np.int32)
                override = f"__override_{column.name}"
                arrays[override] = pa.DictionaryArray.from_arrays(
                    pa.array(index, mask=index < 0), pa.array(texts, pa.string())
                )
                expression = f"COALESCE(CAST({_sql_name(override)} AS VARCHAR), {expression})"
            select.append(f"{expression} AS {_sql_name(column.name)}")
        rows = len(table.columns[definition.id_column])
        self.connection.register("snapshot_table", pa.table(arrays))
        try:
            self.connection.execute(
                f"COPY (SELECT {', '.join(select)} FROM snapshot_table) TO {_sql_text(str(path))} "
                "(FORMAT CSV, HEADER true, DELIMITER ',', QUOTE '\"')"
            )
        finally:
            self.connection.unregister("snapshot_table")
        return rows

    def write_snapshot(
        self,
        folder: Path,
        tables: dict[str, tuple[DefectedTable, dict[str, tuple[str, ...]]]],
    ) -> dict[str, int]:
        """Write every table, then ``_SUCCESS`` once all files are closed. A folder written
        before is cleared of its marker first and of table files this snapshot does not hold."""
        folder.mkdir(parents=True, exist_ok=True)
        marker = folder / SUCCESS_MARKER
        marker.unlink(missing_ok=True)
        for stale in folder.iterdir():
            if stale.name in TABLE_FILE_NAMES and stale.name[:-4] not in tables:
                stale.unlink()
            elif stale.name == "annex_a.xlsx":
                stale.unlink()  # a folder holds one kind of delivery
        rows = {
            name: self.write_table(folder / f"{name}.csv", name, table, vocabularies)
            for name, (table, vocabularies) in tables.items()
        }
        marker.touch()
        return rows
