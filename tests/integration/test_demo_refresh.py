"""The demo refresh publishes every metric for every period and slice, and loses no row."""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.slow

# The demo history starts on 2022-04-01 and its extract is dated 2026-11-16:
# months April 2022 .. November 2026 = 9 + 12 + 12 + 12 + 11 = 56;
# financial-year quarters 2022-23 Q1 .. 2026-27 Q3 = 4 * 4 + 3 = 19;
# financial years 2022-23 .. 2026-27 = 5.
PERIODS_PER_GRAIN = {"month": 56, "quarter": 19, "financial_year": 5}


def test_the_refresh_succeeds_and_publishes_the_demo_authority(demo):
    assert demo.refresh.success
    assert demo.query("SELECT la_code, snapshot_date FROM authorities") == [
        ("901", date(2026, 11, 16))
    ]


def test_every_row_written_is_loaded_or_quarantined(demo):
    [snapshot] = demo.summary["authorities"][0]["snapshots"]
    ledger = demo.query("SELECT table_name, rows_read, rows_loaded + rows_quarantined FROM load_ledger")
    assert {table: (read, accounted) for table, read, accounted in ledger} == {
        table: (rows, rows) for table, rows in snapshot["rows"].items()
    }


def test_every_metric_has_an_all_row_for_every_period_of_every_grain(demo):
    catalogue = {metric for (metric,) in demo.query("SELECT metric_id FROM metric_catalogue")}
    rows = demo.query(
        """
        SELECT metric_id, period_grain, count(*), min(period_start), max(period_end),
               count(*) FILTER (WHERE NOT period_complete)
        FROM metric_values WHERE dimension = 'all' AND la_code = '901'
        GROUP BY ALL
        """
    )
    # Authority 901 sends every optional table, so every catalogued metric is available.
    assert {metric for metric, *_ in rows} == catalogue
    for metric, grain, periods, first_start, last_end, incomplete in rows:
        assert periods == PERIODS_PER_GRAIN[grain], (metric, grain)
        # Only the period holding the extract date is incomplete.
        assert incomplete == 1, (metric, grain)
    assert {(grain, start) for _, grain, _, start, _, _ in rows} == {
        ("month", date(2022, 4, 1)),
        ("quarter", date(2022, 4, 1)),
        ("financial_year", date(2022, 4, 1)),
    }
    assert {(grain, end) for _, grain, _, _, end, _ in rows} == {
        ("month", date(2026, 11, 30)),
        ("quarter", date(2026, 12, 31)),
        ("financial_year", date(2027, 3, 31)),
    }


def test_every_metric_is_sliced_as_its_catalogue_row_says(demo):
    declared = {
        metric: set(slices or [])
        for metric, slices in demo.query("SELECT metric_id, slices FROM metric_catalogue")
    }
    published = {
        metric: set(dimensions or [])
        for metric, dimensions in demo.query(
            """
            SELECT metric_id, list(DISTINCT dimension) FILTER (WHERE dimension <> 'all')
            FROM metric_values WHERE la_code = '901' GROUP BY metric_id
            """
        )
    }
    assert published == declared


def test_the_tracker_covers_the_eleven_areas_of_the_letter(demo):
    areas = demo.query(
        "SELECT DISTINCT improvement_area FROM improvement_tracker WHERE la_code = '901' ORDER BY 1"
    )
    assert [area for (area,) in areas] == list(range(1, 12))
