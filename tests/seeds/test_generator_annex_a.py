"""The generator's Annex A workbooks: the same children and events as its SSD extracts, listed
as the template asks, loading cleanly at defect rate 0 and untidy but whole above it.

One small authority (300 referrals a year), generated once per module both ways, and loaded
into warehouses of its own by the warehouse's loader.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.landing_load import load_landing_area
from orchestration.settings import WarehousePaths
from seeds.annex_a_lists import window_start
from seeds.annex_a_workbook import DEFECT_KINDS
from seeds.generate import DEFAULT_EXTRACT_DATE, generate, main

SMALL = {"referrals_per_year": 300, "seed": 7, "progress": False}
WINDOW_START = window_start(DEFAULT_EXTRACT_DATE)


def loaded(root: Path, landing: Path) -> WarehousePaths:
    paths = WarehousePaths(
        landing_dir=landing,
        archive_dir=root / "archive",
        warehouse_path=root / "warehouse.duckdb",
        serving_path=root / "serving.duckdb",
    )
    load_landing_area(paths, log=lambda message: None)
    return paths


def query(paths: WarehousePaths, sql: str, parameters: list | None = None) -> list[tuple]:
    connection = duckdb.connect(str(paths.warehouse_path), read_only=True)
    try:
        return connection.execute(sql, parameters or []).fetchall()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory):
    """The authority's SSD extract and its Annex A workbook of the same day, each loaded."""
    root = tmp_path_factory.mktemp("both_ways")
    generate(root / "ssd", defect_rate=0, **SMALL)
    summary = generate(root / "annex_a", defect_rate=0, format="annex-a", **SMALL)
    return (
        loaded(root / "ssd_warehouse", root / "ssd"),
        loaded(root / "annex_a_warehouse", root / "annex_a"),
        summary,
    )


@pytest.fixture(scope="module")
def monthly_untidy(tmp_path_factory):
    root = tmp_path_factory.mktemp("monthly_untidy")
    summary = generate(
        root / "landing", defect_rate=0.05, format="annex-a", snapshots="monthly", **SMALL
    )
    return loaded(root, root / "landing"), summary


def test_a_clean_workbook_loads_with_no_quarantine_and_no_notes(both_ways):
    _, annex_a, summary = both_ways
    assert query(annex_a, "SELECT status, kind, notes FROM audit.snapshot_loads") == [
        ("loaded", "annex_a", None)
    ]
    assert query(annex_a, "SELECT count(*) FROM audit.quarantine") == [(0,)]
    assert query(annex_a, "SELECT count(*) FROM audit.value_notes") == [(0,)]
    [snapshot] = summary["authorities"][0]["snapshots"]
    ledger = dict(query(annex_a, "SELECT table_name, rows_loaded FROM audit.load_ledger"))
    assert ledger == snapshot["rows"]
    assert sorted(ledger) == [f"annex_a_list_{n}" for n in (1, 3, 4, 5, 6, 7)]
    assert set(snapshot["defects"].values()) == {0}


def test_the_workbook_lists_the_extracts_children_and_events_in_its_window(both_ways):
    ssd, annex_a, _ = both_ways

    def keys(paths, sql):
        return set(query(paths, sql, [WINDOW_START] if "$1" in sql else []))

    assert keys(annex_a, "SELECT child_id, referral_date, referral_nfa FROM raw.annex_a_list_3 "
                         "WHERE referral_date > $1") == keys(
        ssd, "SELECT cine_person_id, cine_referral_date, cine_referral_nfa FROM raw.ssd_cin_episodes "
             "WHERE cine_referral_date > $1"
    )
    assert keys(annex_a, "SELECT child_id, assessment_start_date, assessment_authorised_date, "
                         "child_seen FROM raw.annex_a_list_4 ") == keys(
        ssd, "SELECT cina_person_id, cina_assessment_start_date, cina_assessment_auth_date, "
             "cina_assessment_child_seen FROM raw.ssd_cin_assessments "
             "WHERE cina_assessment_start_date > $1 OR cina_assessment_auth_date IS NULL "
             "OR cina_assessment_auth_date > $1"
    )
    assert keys(annex_a, "SELECT child_id, s47_start_date, icpc_date FROM raw.annex_a_list_5 "
                         "") == keys(
        ssd, "SELECT s.s47e_person_id, s.s47e_s47_start_date, c.icpc_icpc_date "
             "FROM raw.ssd_s47_enquiry AS s LEFT JOIN raw.ssd_initial_cp_conference AS c "
             "ON c.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id "
             "WHERE s.s47e_s47_start_date > $1 OR c.icpc_icpc_date > $1"
    )
    assert keys(annex_a, "SELECT child_id, cp_plan_start_date, cp_plan_end_date, "
                         "last_statutory_visit_date FROM raw.annex_a_list_7 ") == keys(
        ssd, "SELECT p.cppl_person_id, p.cppl_cp_plan_start_date, p.cppl_cp_plan_end_date, "
             "max(v.cppv_cp_visit_date) FROM raw.ssd_cp_plans AS p LEFT JOIN raw.ssd_cp_visits "
             "AS v ON v.cppv_cp_plan_id = p.cppl_cp_plan_id WHERE p.cppl_cp_plan_end_date IS NULL "
             "OR p.cppl_cp_plan_end_date > $1 GROUP BY ALL"
    )
    # Every child is the extract's child, with the extract's sex, ethnicity and date of birth.
    children = keys(annex_a, "SELECT DISTINCT child_id, sex, ethnicity, date_of_birth "
                             "FROM raw.annex_a_list_6")
    assert children and children <= keys(
        ssd, "SELECT pers_person_id, pers_sex, pers_ethnicity, pers_dob FROM raw.ssd_person"
    )


def test_untidy_monthly_workbooks_all_load_and_every_defect_is_accounted_for(monthly_untidy):
    paths, summary = monthly_untidy
    snapshots = summary["authorities"][0]["snapshots"]
    assert len(snapshots) == 45
    loads = query(paths, "SELECT status, snapshot_date FROM audit.snapshot_loads ORDER BY 2")
    assert {status for status, _ in loads} == {"loaded"} and len(loads) == 45
    for snapshot in snapshots:
        day = date.fromisoformat(snapshot["extract_date"])
        defects = snapshot["defects"]
        [(read, loaded_rows, quarantined)] = query(
            paths,
            "SELECT rows_read, rows_loaded, rows_quarantined FROM audit.snapshot_loads "
            "WHERE snapshot_date = ?",
            [day],
        )
        assert read == sum(snapshot["rows"].values()) == loaded_rows + quarantined
        expected = (
            defects["error_required"] + defects["missing_child"] + 2 * defects["duplicate"]
            + defects["future_date"] + defects["end_before_start"]
        )
        assert quarantined == expected, snapshot["extract_date"]
        assert query(
            paths, "SELECT count(*) FROM audit.value_notes WHERE snapshot_date = ?", [day]
        ) == [(defects["unreadable_optional"],)]
    totals = {kind: sum(s["defects"][kind] for s in snapshots) for kind in DEFECT_KINDS}
    assert all(count > 0 for count in totals.values()), totals
    # Untidy presentation: sheets other than lists, and sheet names other than "List n".
    notes = query(paths, "SELECT DISTINCT notes FROM audit.snapshot_loads WHERE notes IS NOT NULL")
    assert notes == [("sheets that are not lists, ignored: 'Cover'",)]
    assert len(query(paths, "SELECT DISTINCT sheet_name FROM audit.load_ledger")) > 6


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    for name in ("first", "second"):
        generate(tmp_path / name, defect_rate=0.05, format="annex-a", **SMALL)
    workbook = Path("901") / DEFAULT_EXTRACT_DATE.isoformat() / "annex_a.xlsx"
    assert (tmp_path / "first" / workbook).read_bytes() == (tmp_path / "second" / workbook).read_bytes()
    assert sorted(p.name for p in (tmp_path / "first" / workbook.parent).iterdir()) == [
        "_SUCCESS", "annex_a.xlsx"
    ]


def test_the_command_line_takes_the_format(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--format", "annex-a", "--referrals-per-year", "100",
                 "--quiet"]) == 0
    assert (tmp_path / "901" / DEFAULT_EXTRACT_DATE.isoformat() / "annex_a.xlsx").is_file()
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path), "--format", "xls"])
    assert "--format must be one of ssd, annex-a, cin-census, got 'xls'" in capsys.readouterr().err
