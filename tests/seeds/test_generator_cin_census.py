"""The generator's CIN census returns: one a collection year, the same children and events as its
SSD extract, loading cleanly at defect rate 0 and with real returns' faults above it.

One small authority (300 referrals a year, extract date 31 March 2025, so five whole years),
generated once per module each way and loaded by the warehouse's loader.
"""

from __future__ import annotations

from datetime import date

import pytest

from seeds.cin_census_return import DEFECT_KINDS, reference_dates
from seeds.generate import generate
from tests.seeds.test_generator_annex_a import loaded, query

SMALL = {"referrals_per_year": 300, "seed": 7, "progress": False, "extract_date": date(2025, 3, 31)}
YEARS = ["2021-03-31", "2022-03-31", "2023-03-31", "2024-03-31", "2025-03-31"]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    root = tmp_path_factory.mktemp("census_clean")
    summary = generate(root / "landing", defect_rate=0, format="cin-census", **SMALL)
    return loaded(root, root / "landing"), summary, root / "landing"


@pytest.fixture(scope="module")
def untidy(tmp_path_factory):
    root = tmp_path_factory.mktemp("census_untidy")
    summary = generate(root / "landing", defect_rate=0.2, format="cin-census", **SMALL)
    return loaded(root, root / "landing"), summary


def test_one_return_for_every_whole_collection_year():
    assert reference_dates(date(2020, 4, 1), date(2025, 3, 31)) == [date.fromisoformat(d) for d in YEARS]
    assert reference_dates(date(2020, 4, 1), date(2025, 3, 30))[-1] == date(2024, 3, 31)


def test_clean_returns_load_whole(clean):
    paths, summary, landing = clean
    assert [s["extract_date"] for s in summary["authorities"][0]["snapshots"]] == YEARS
    assert query(paths, "SELECT snapshot_date::VARCHAR, status, kind, notes FROM audit.snapshot_loads ORDER BY 1") == [
        (day, "loaded", "cin_census", None) for day in YEARS
    ]
    assert query(paths, "SELECT count(*) FROM audit.quarantine") == [(0,)]
    for snapshot in summary["authorities"][0]["snapshots"]:
        assert set(snapshot["defects"].values()) == {0}
        loaded_children = query(
            paths, "SELECT count(*) FROM raw.cin_census_children WHERE snapshot_date = ?", [snapshot["extract_date"]]
        )
        assert loaded_children == [(snapshot["records"]["children"],)]
    # Every child is a child of the extract, with an episode open in the return's year.
    assert query(paths, """
        SELECT count(*) FROM raw.cin_census_children AS child
        WHERE NOT EXISTS (
            SELECT 1 FROM raw.cin_census_referrals AS episode
            WHERE episode.snapshot_date = child.snapshot_date AND episode.child_id = child.child_id
              AND (episode.cin_closure_date IS NULL
                   OR episode.cin_closure_date > child.snapshot_date - INTERVAL 1 YEAR))""") == [(0,)]
    # The same seed writes the same bytes.
    again = generate(landing.parent / "again", defect_rate=0, format="cin-census", **SMALL)
    first = (landing / "901" / YEARS[-1] / "cin_census.xml").read_bytes()
    assert (landing.parent / "again" / "901" / YEARS[-1] / "cin_census.xml").read_bytes() == first
    assert again["authorities"][0]["snapshots"][-1]["records"] == summary["authorities"][0]["snapshots"][-1]["records"]


def test_untidy_returns_have_real_faults_and_lose_nothing(untidy):
    paths, summary = untidy
    defects = {kind: sum(s["defects"][kind] for s in summary["authorities"][0]["snapshots"]) for kind in DEFECT_KINDS}
    assert all(count > 0 for kind, count in defects.items() if kind != "old_element_names"), defects
    # A fifth of the records spoilt quarantines more than half of each return's referrals (a
    # referral names its child, an assessment its referral): each return is held for review,
    # loaded into raw with its ledger and quarantine, its figures not used.
    assert query(paths, "SELECT status, count(*) FROM audit.snapshot_loads GROUP BY status") == [("held", 5)]
    assert query(paths, "SELECT count(*) FROM audit.snapshot_loads WHERE message LIKE 'cin_census_referrals: %'") == [(5,)]
    rules = {rule for (rule,) in query(paths, "SELECT DISTINCT rule FROM audit.quarantine WHERE table_name = 'cin_census_referrals'")}
    assert "required value is empty" in rules
    assert "not a valid date (expected YYYY-MM-DD)" in rules
    assert any(rule.startswith("the same child_id, referral_date as another record") for rule in rules)
    notes = [n for (n,) in query(paths, "SELECT notes FROM audit.snapshot_loads WHERE notes IS NOT NULL")]
    assert notes and all("Children/Child/CINdetails/PreProceedings" in n for n in notes)
    # Nothing lost: every record read is loaded or quarantined.
    assert query(paths, "SELECT count(*) FROM audit.load_ledger WHERE rows_read <> rows_loaded + rows_quarantined") == [(0,)]
