"""Monthly series: one history, censored to each snapshot's date."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from generated_snapshot_queries import open_snapshot, rows, scalar
from seeds.extract_format import TABLES
from seeds.generate import history_start, snapshot_dates


def _ids(folder, table) -> set[str]:
    with open(folder / f"{table.name}.csv", encoding="utf-8", newline="") as handle:
        return {row[table.id_column] for row in csv.DictReader(handle)}


def test_history_starts_four_financial_years_back():
    assert history_start(date(2026, 11, 16)) == date(2022, 4, 1)
    assert history_start(date(2026, 3, 31)) == date(2021, 4, 1)
    assert history_start(date(2026, 4, 1)) == date(2022, 4, 1)


def test_monthly_dates_run_from_the_first_year_end_to_the_extract_date():
    dates = snapshot_dates("monthly", date(2026, 11, 16))
    assert dates[:3] == [date(2023, 3, 31), date(2023, 4, 30), date(2023, 5, 31)]
    assert dates[-3:] == [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 16)]
    assert len(dates) == 45  # 44 month ends (March 2023 to October 2026) and the extract date
    assert snapshot_dates("monthly", date(2026, 10, 31))[-2:] == [date(2026, 9, 30), date(2026, 10, 31)]
    assert snapshot_dates("single", date(2026, 11, 16)) == [date(2026, 11, 16)]


def test_every_snapshot_of_the_series_is_complete(monthly):
    folders = sorted((monthly.root / "901").iterdir())
    assert [f.name for f in folders] == [d.isoformat() for d in snapshot_dates("monthly", date(2026, 11, 16))]
    for folder in folders:
        assert (folder / "_SUCCESS").exists()
        assert len(list(folder.glob("*.csv"))) == 21
    summary = monthly.summary["authorities"][0]["snapshots"]
    assert [s["extract_date"] for s in summary] == [f.name for f in folders]


def test_rows_only_grow_from_snapshot_to_snapshot(monthly):
    folders = sorted((monthly.root / "901").iterdir())
    for table in TABLES:
        previous: set[str] = set()
        for folder in folders:
            current = _ids(folder, table)
            assert previous <= current, (table.name, folder.name)
            previous = current
    first = monthly.summary["authorities"][0]["snapshots"][0]["rows"]
    last = monthly.summary["authorities"][0]["snapshots"][-1]["rows"]
    assert last["ssd_cin_episodes"] > 3 * first["ssd_cin_episodes"]


@pytest.mark.parametrize("snapshot", ["2023-03-31", "2024-07-31", "2025-12-31"])
def test_each_snapshot_shows_the_world_on_its_date(monthly, snapshot):
    day = date.fromisoformat(snapshot)
    con = open_snapshot(monthly.snapshot(extract_date=snapshot))
    for table in TABLES:
        for column in (c.name for c in table.columns if c.kind == "date"):
            later = scalar(con, f"SELECT count(*) FROM {table.name} WHERE {column}::DATE > DATE '{day}'")
            assert later == 0, (table.name, column)
    final = open_snapshot(monthly.snapshot())
    # Assessments authorised after the snapshot were open in it: started, no auth date.
    authorised_later = {
        a for (a,) in rows(final, f"""SELECT cina_assessment_id FROM ssd_cin_assessments
            WHERE cina_assessment_start_date::DATE <= DATE '{day}' AND cina_assessment_auth_date::DATE > DATE '{day}'""")
    }
    open_then = {a for (a,) in rows(con, "SELECT cina_assessment_id FROM ssd_cin_assessments WHERE cina_assessment_auth_date IS NULL")}
    assert authorised_later and authorised_later <= open_then
    # Episodes closed later (or not yet) were open; Prevent referrals decided later read OPEN.
    closed_later = {
        r for (r,) in rows(final, f"""SELECT cine_referral_id FROM ssd_cin_episodes
            WHERE cine_referral_date::DATE <= DATE '{day}'
              AND (cine_close_date IS NULL OR cine_close_date::DATE > DATE '{day}')""")
    }
    open_episodes = {r for (r,) in rows(con, "SELECT cine_referral_id FROM ssd_cin_episodes WHERE cine_close_date IS NULL")}
    assert closed_later and closed_later == open_episodes
    then = dict(rows(con, "SELECT prev_prevent_referral_id, prev_outcome FROM ext_prevent_referrals"))
    now = dict(rows(final, "SELECT prev_prevent_referral_id, prev_outcome FROM ext_prevent_referrals"))
    decided_then = {k: v for k, v in then.items() if v != "OPEN"}
    assert decided_then == {k: now[k] for k in decided_then}  # a decision, once made, stands
    assert all(now[k] != "OPEN" for k, v in then.items() if v == "OPEN" and day < date(2026, 9, 1))
    # A factor record exists exactly for the assessments authorised by then.
    assert scalar(con, "SELECT count(*) FROM ssd_assessment_factors") == scalar(
        con, "SELECT count(*) FROM ssd_cin_assessments WHERE cina_assessment_auth_date IS NOT NULL")
    con.close()
    final.close()
