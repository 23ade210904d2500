"""Defects: exactly what the summary claims is in the files, kind by kind and table by table."""

from __future__ import annotations

from datetime import date

import pytest

from generated_snapshot_queries import open_snapshot, parse_date, scalar
from seeds.defects import DEFECT_KINDS
from seeds.extract_format import TABLES, Table

EXTRACT_DATE = date(2026, 11, 16)


def _any(conditions: list[str]) -> str:
    return " OR ".join(f"({c})" for c in conditions) if conditions else "FALSE"


def count_in_file(con, table: Table, kind: str) -> int:
    """Rows of the file showing the defect, found from the values alone."""
    name = table.name
    dates = [c.name for c in table.columns if c.kind == "date"]
    if kind == "duplicate_id":
        return scalar(con, f"SELECT count(*) - count(DISTINCT {table.id_column}) FROM {name}")
    if kind == "invalid_date":
        condition = _any([f"{d} IS NOT NULL AND {parse_date(d)} IS NULL" for d in dates])
    elif kind == "variant_date_format":
        condition = _any([
            f"{d} IS NOT NULL AND {parse_date(d)} IS NOT NULL AND NOT regexp_full_match({d}, '\\d{{4}}-\\d{{2}}-\\d{{2}}')"
            for d in dates
        ])
    elif kind == "future_date":
        condition = _any([f"{parse_date(d)} > DATE '{EXTRACT_DATE}'" for d in dates])
    elif kind == "end_before_start":
        condition = _any([f"{parse_date(end)} < {parse_date(start)}" for start, end in table.periods])
    elif kind == "orphan_person":
        person = table.person_column if name != "ssd_person" else None
        condition = (
            f"{person} IS NOT NULL AND {person} NOT IN (SELECT pers_person_id FROM ssd_person)" if person else "FALSE"
        )
    elif kind == "orphan_parent":
        parents = {"ssd_cin_episodes": "cine_referral_id", "ssd_s47_enquiry": "s47e_s47_enquiry_id"}
        condition = _any([
            f"{column} IS NOT NULL AND {column} NOT IN (SELECT {parents[parent]} FROM {parent})"
            for column, parent in table.parents.items()
        ])
    elif kind == "invalid_code":
        condition = _any([
            f"{c.name} IS NOT NULL AND upper(trim({c.name})) NOT IN ({', '.join(repr(v) for v in c.codes)})"
            for c in table.columns if c.kind == "code"
        ])
    elif kind == "missing_required":
        condition = _any([f"{c.name} IS NULL" for c in table.columns[1:] if c.required])
    elif kind == "variant_flag":
        condition = _any([
            f"{c.name} IS NOT NULL AND {c.name} NOT IN ('Y', 'N')" for c in table.columns if c.kind == "flag"
        ])
    else:
        raise AssertionError(f"no file check for defect kind {kind}")
    return scalar(con, f"SELECT count(*) FROM {name} WHERE {condition}")


@pytest.fixture(scope="module")
def con(defected):
    connection = open_snapshot(defected.snapshot())
    yield connection
    connection.close()


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_every_defect_the_summary_claims_is_in_the_file(defected, con, table):
    claimed = defected.summary["authorities"][0]["snapshots"][0]["defects"]["by_table"].get(table.name, {})
    found = {kind: count_in_file(con, table, kind) for kind in DEFECT_KINDS}
    assert found == {kind: claimed.get(kind, 0) for kind in DEFECT_KINDS}


def test_the_rate_is_a_share_of_rows_and_every_kind_occurs(defected):
    snapshot = defected.summary["authorities"][0]["snapshots"][0]
    by_table = snapshot["defects"]["by_table"]
    for table, rows in snapshot["rows"].items():
        injected = sum(by_table.get(table, {}).values())
        original = rows - by_table.get(table, {}).get("duplicate_id", 0)
        assert injected == int(0.02 * original + 0.5), table
    assert all(snapshot["defects"]["by_kind"][kind] > 0 for kind in DEFECT_KINDS), snapshot["defects"]["by_kind"]
    assert sum(snapshot["defects"]["by_kind"].values()) == sum(sum(d.values()) for d in by_table.values())


def test_clean_data_has_no_defect_of_any_kind(typical):
    assert typical.summary["defect_rate"] == 0
    assert typical.summary["authorities"][0]["snapshots"][0]["defects"] == {
        "by_kind": {kind: 0 for kind in DEFECT_KINDS}, "by_table": {},
    }
