"""A small hand-made extract that passes every rule, and helpers to write it with faults.

Three children in authority 901, extract date 2024-03-31. Every required table is there, plus
two optional ones (direct payments, whose end date may lie in the future, and case notes, whose
extra free-text column must never reach the warehouse). Tests copy BASE and change one thing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from orchestration.known_files import FILE_FACTS
from orchestration.landing_load import load_landing_area
from orchestration.refresh_need import LANDING_SCANS
from orchestration.settings import WarehousePaths

LA = "901"
DAY = "2024-03-31"
EARLIER_DAY = "2024-02-29"  # a good snapshot some tests start from (conftest.loaded_paths)
EXTRACT_DATE = date(2024, 3, 31)

BASE: dict[str, str] = {
    "ssd_person": (
        "pers_person_id,pers_legacy_id,pers_upn,pers_forename,pers_surname,pers_sex,"
        "pers_ethnicity,pers_dob,pers_expected_dob\n"
        "P1,L1,A123456789012,Amy,Able,F,WBRI,2015-06-01,\n"
        "P2,L2,B123456789012,Ben,Baker,M,BAFR,2010-02-03,\n"
        "P3,L3,C123456789012,Cal,Cole,U,NOBT,2008-11-30,\n"
    ),
    "ssd_disability": (
        "disa_table_id,disa_person_id,disa_disability_code\n"
        "D1,P1,NONE\n"
        "D2,P2,LD\n"
    ),
    "ssd_cin_episodes": (
        "cine_referral_id,cine_person_id,cine_referral_date,cine_cin_primary_need_code,"
        "cine_referral_nfa,cine_close_reason,cine_close_date,cine_referral_team\n"
        "R1,P1,2024-01-05,N1,N,,,Team A\n"
        "R2,P2,2024-01-10,N2,N,RC1,2024-03-01,Team B\n"
        "R3,P3,2024-02-01,N3,Y,,,Team A\n"
    ),
    "ssd_cin_assessments": (
        "cina_assessment_id,cina_person_id,cina_referral_id,cina_assessment_start_date,"
        "cina_assessment_child_seen,cina_assessment_auth_date,cina_assessment_team\n"
        "A1,P1,R1,2024-01-08,Y,2024-02-01,Team A\n"
        "A2,P2,R2,2024-01-11,N,,Team B\n"
    ),
    "ssd_assessment_factors": (
        "cinf_table_id,cinf_assessment_id,cinf_assessment_factors_json\n"
        'F1,A1,"[""3A"",""16A""]"\n'
        'F2,A2,"[]"\n'
    ),
    "ssd_cin_visits": (
        "cinv_cin_visit_id,cinv_person_id,cinv_cin_visit_date,cinv_cin_visit_seen\n"
        "V1,P1,2024-01-10,Y\n"
        "V2,P2,2024-01-12,N\n"
    ),
    "ssd_s47_enquiry": (
        "s47e_s47_enquiry_id,s47e_referral_id,s47e_person_id,s47e_s47_start_date,"
        "s47e_s47_end_date,s47e_s47_completed_by_team\n"
        "S1,R1,P1,2024-01-09,2024-01-20,Team A\n"
    ),
    "ssd_initial_cp_conference": (
        "icpc_icpc_id,icpc_s47_enquiry_id,icpc_person_id,icpc_icpc_transfer_in,"
        "icpc_icpc_target_date,icpc_icpc_date,icpc_icpc_outcome_cp_flag\n"
        "C1,S1,P1,N,2024-01-30,2024-01-25,Y\n"
    ),
    "ssd_cp_plans": (
        "cppl_cp_plan_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date,"
        "cppl_cp_plan_initial_category\n"
        "CP1,P1,2024-01-25,,NEG\n"
    ),
    "ssd_cp_visits": (
        "cppv_cp_visit_id,cppv_person_id,cppv_cp_plan_id,cppv_cp_visit_date,cppv_cp_visit_seen\n"
        "CV1,P1,CP1,2024-02-01,Y\n"
    ),
    "ext_direct_payments": (
        "dpay_direct_payment_id,dpay_person_id,dpay_start_date,dpay_end_date,"
        "dpay_review_interval_months\n"
        "DP1,P2,2023-06-01,2025-06-01,12\n"
    ),
    "ext_case_notes": (
        "note_case_note_id,note_person_id,note_note_date,note_note_type,note_text\n"
        "N1,P1,2024-02-02,management_oversight,Discussed with Amy's mother\n"
    ),
}


def write_snapshot(
    landing: Path,
    changes: dict[str, str | bytes | None] | None = None,
    *,
    la: str = LA,
    day: str = DAY,
    complete: bool = True,
) -> Path:
    """Write BASE with `changes` (table -> new content, or None to leave the file out)."""
    folder = landing / la / day
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, str | bytes | None] = {**BASE, **(changes or {})}
    for table, content in tables.items():
        if content is None:
            continue
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / f"{table}.csv").write_bytes(data)
    if complete:
        (folder / "_SUCCESS").write_bytes(b"")
    return folder


def make_paths(root: Path) -> WarehousePaths:
    return WarehousePaths(
        landing_dir=root / "landing",
        archive_dir=root / "archive",
        warehouse_path=root / "warehouse.duckdb",
        serving_path=root / "serving.duckdb",
    )


def query(database: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    """Rows of a query on a short-lived read-only connection."""
    connection = duckdb.connect(str(database), read_only=True)
    try:
        return connection.execute(sql, parameters or []).fetchall()
    finally:
        connection.close()


def changed(table: str, old: str, new: str) -> dict[str, str]:
    """BASE's file for `table` with one piece of text replaced (which must be there)."""
    assert old in BASE[table], f"{old!r} is not in the base {table}"
    return {table: BASE[table].replace(old, new, 1)}


def quarantine(paths: WarehousePaths) -> list[tuple]:
    """(table, row, record id, column, value, rule) for every quarantined failure, in order."""
    return query(
        paths.warehouse_path,
        "SELECT table_name, source_row, record_id, column_name, value, rule "
        "FROM audit.quarantine ORDER BY table_name, source_row, column_name, rule",
    )


def raw_ids(paths: WarehousePaths, table: str, id_column: str) -> list[str]:
    return [
        row[0]
        for row in query(paths.warehouse_path, f"SELECT {id_column} FROM raw.{table} ORDER BY 1")
    ]


# Columns that differ between two loads of the same data (ids, times, the run).
VOLATILE_COLUMNS = {"load_id", "started_at", "finished_at", "run_id"}


def warehouse_contents(paths: WarehousePaths) -> dict[str, list[tuple]]:
    """Every raw and audit table's rows, sorted, without the columns that vary between loads
    (and without the log of looks at the landing area, or what the loader remembers of the
    files it read)."""
    contents = table_contents(paths.warehouse_path, VOLATILE_COLUMNS)
    # A row for every look at the landing area, and a note of every file read: not what was
    # loaded.
    return {
        table: rows for table, rows in contents.items() if table not in (LANDING_SCANS, FILE_FACTS)
    }


def table_contents(
    database: Path, leave_out: set[str], schema: str | None = None
) -> dict[str, list[tuple]]:
    """Every table's rows (of one schema, or all), as text, sorted, without the columns named
    in `leave_out`; keyed "<schema>.<table>"."""
    connection = duckdb.connect(str(database), read_only=True)
    try:
        contents = {}
        for schema_name, table in connection.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE ? IS NULL OR schema_name = ? ORDER BY ALL",
            [schema, schema],
        ).fetchall():
            columns = [
                name
                for (name,) in connection.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND "
                    "table_name = ? ORDER BY column_index",
                    [schema_name, table],
                ).fetchall()
                if name not in leave_out
            ]
            listed = ", ".join(f'CAST("{c}" AS VARCHAR)' for c in columns) or "'(row)'"
            contents[f"{schema_name}.{table}"] = connection.execute(
                f'SELECT {listed} FROM "{schema_name}"."{table}" ORDER BY ALL'
            ).fetchall()
        return contents
    finally:
        connection.close()


def archived(paths) -> list:
    return sorted(p.relative_to(paths.archive_dir) for p in paths.archive_dir.rglob("*"))


def reject(
    paths,
    changes,
    extra_files: dict[str, bytes] | None = None,
    before_loading: Callable[[Path], None] | None = None,
) -> str:
    """Deliver BASE with the changes as a new snapshot (then do `before_loading` to its folder);
    assert it is rejected cleanly; return the rejection message."""
    before = warehouse_contents(paths)
    archive_before = archived(paths)
    folder = write_snapshot(paths.landing_dir, changes)
    for name, data in (extra_files or {}).items():
        (folder / name).write_bytes(data)
    if before_loading is not None:
        before_loading(folder)
    delivered = {p.name: p.read_bytes() for p in folder.iterdir()}

    report = load_landing_area(paths, log=lambda message: None)

    [attempt] = report.attempts
    assert attempt.status == "rejected"
    after = warehouse_contents(paths)
    for table, rows in before.items():
        if table not in ("audit.snapshot_loads", "audit.load_ledger"):
            assert after[table] == rows, f"{table} changed"
    assert archived(paths) == archive_before
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == delivered
    [(status, message, rows_loaded)] = query(
        paths.warehouse_path,
        "SELECT status, message, rows_loaded FROM audit.snapshot_loads WHERE snapshot_date = ?",
        [DAY],
    )
    assert (status, rows_loaded) == ("rejected", 0)
    assert query(
        paths.warehouse_path,
        "SELECT DISTINCT status FROM audit.load_ledger WHERE snapshot_date = ?",
        [DAY],
    ) == [("rejected",)]
    return message


def many_children(children: int = 60) -> dict[str, str | None]:
    """An extract like BASE's, with `children` children each with a referral, an assessment
    (and its factors), two visits, an S47 enquiry, an ICPC, a CP plan with a visit, a
    disability record and a case note (no direct payments): big enough that a delivery's rules
    about shares of a table (delivery_holds, at least 20 rows) can be tried. Every tenth child's
    sex is U, the others' M and F in turn."""
    rows: dict[str, list[str]] = {table: [text.splitlines()[0]] for table, text in BASE.items()}
    del rows["ext_direct_payments"]
    for n in range(1, children + 1):
        p, r, a = f"P{n}", f"R{n}", f"A{n}"
        sex = "U" if n % 10 == 0 else "MF"[n % 2]
        rows["ssd_person"].append(
            f"{p},L{n},U{n:012d},Kid,Number{n},{sex},WBRI,2012-05-{n % 28 + 1:02d},"
        )
        rows["ssd_disability"].append(f"D{n},{p},NONE")
        rows["ssd_cin_episodes"].append(f"{r},{p},2024-01-{n % 28 + 1:02d},N1,N,,,Team A")
        rows["ssd_cin_assessments"].append(f"{a},{p},{r},2024-02-01,Y,2024-02-20,Team A")
        rows["ssd_assessment_factors"].append(f'F{n},{a},"[""3A""]"')
        rows["ssd_cin_visits"] += [f"V{n}a,{p},2024-02-02,Y", f"V{n}b,{p},2024-02-09,N"]
        rows["ssd_s47_enquiry"].append(f"S{n},{r},{p},2024-02-03,2024-02-10,Team A")
        rows["ssd_initial_cp_conference"].append(f"C{n},S{n},{p},N,2024-02-24,2024-02-20,Y")
        rows["ssd_cp_plans"].append(f"CP{n},{p},2024-02-20,,NEG")
        rows["ssd_cp_visits"].append(f"CV{n},{p},CP{n},2024-02-22,Y")
        rows["ext_case_notes"].append(f"N{n},{p},2024-02-05,SUPERVISION,a note")
    return {
        **{table: "\n".join(lines) + "\n" for table, lines in rows.items()},
        "ext_direct_payments": None,
    }
