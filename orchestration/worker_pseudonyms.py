"""Stable pseudonymous ids for the workers an Annex A workbook names.

A workbook names each child's allocated worker (a member of staff, not a child); the serving
database and the app keep to worker ids only. The loader gives each name a pseudonym: a keyed
hash (SHA-256) of a secret, the authority and the name as compared (case folded, white space
collapsed), so the same name in the same authority always gets the same id, in every workbook,
and nobody without the secret can work a name out from its id. The name itself stays in the raw
layer (raw.annex_a_list_<n>.worker), beside its id.

The secret is the warehouse's own: a file beside the warehouse (`<warehouse>.pseudonym-key`,
owner-only, made on the first load that needs it), never in the serving database. Keep it with
the warehouse: a new secret gives every worker a new id.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import duckdb

from orchestration.sql_text import fill

_VARIABLE = "csc_worker_pseudonym_key"
PREFIX = "W-"
_HEX_DIGITS = 12  # 48 bits: no two of an authority's workers share an id in practice

# Over {text} (the name's text face) and {la_code}: the worker's id, NULL without a name.
_PSEUDONYM = (
    "CASE WHEN {text} IS NULL THEN NULL ELSE "
    f"'{PREFIX}' || left(sha256(getvariable('{_VARIABLE}') || chr(31) || {{la_code}} || chr(31) "
    r"|| lower(regexp_replace({text}, '\s+', ' ', 'g'))), "
    f"{_HEX_DIGITS}) END"
)


def key_path(warehouse_path: Path) -> Path:
    return warehouse_path.with_name(warehouse_path.name + ".pseudonym-key")


def read_or_make_key(warehouse_path: Path) -> str:
    """The warehouse's secret, made (owner-only) the first time it is needed."""
    path = key_path(warehouse_path)
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise ValueError(f"{path} does not hold a pseudonym key: delete it only with the warehouse")
    return key


def use_key(connection: duckdb.DuckDBPyConnection, key: str) -> None:
    """Make the key available to pseudonym_sql on this connection (not in any SQL text)."""
    connection.execute(f"SET VARIABLE {_VARIABLE} = ?", [key])


def forget_key(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(f"RESET VARIABLE {_VARIABLE}")


def pseudonym_sql(text_sql: str, la_code_sql: str) -> str:
    return fill(_PSEUDONYM, text=text_sql, la_code=la_code_sql)
