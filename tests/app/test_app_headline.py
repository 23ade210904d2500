"""The headline of many authorities as a table, and the dashed tail of incomplete periods."""

import pandas as pd
import pytest

from app import serving_db
from app.charts import _dashed_tail
from app.headline import headline_table


@pytest.fixture
def serving(monkeypatch, serving_database):
    monkeypatch.setenv("CSC_SERVING_PATH", str(serving_database))
    serving_db._read.clear()


def test_one_row_per_authority_with_its_latest_complete_month_and_change(serving):
    table = headline_table(["901", "902", "999"], "assessment_within_45wd", "month")
    assert table.astype(object).where(table.notna(), "-").to_dict("records") == [
        {"Authority": "LA 901", "Latest complete period": "May 2024", "Value": 90.0,
         "Change from the period before": 30.0},
        {"Authority": "LA 902", "Latest complete period": "May 2024", "Value": 75.0,
         "Change from the period before": -5.0},
        {"Authority": "LA 999", "Latest complete period": "none yet", "Value": "-",
         "Change from the period before": "-"},
    ]


def test_the_dashed_tail_joins_each_series_last_complete_point_to_its_incomplete_ones():
    rows = pd.DataFrame({
        "series": ["A", "A", "A", "B", "B", "C"],
        "period_start": pd.to_datetime(["2024-04-01", "2024-05-01", "2024-06-01",
                                        "2024-05-01", "2024-04-01", "2024-06-01"]),
        "period_complete": [True, True, False, True, True, False],
        "value": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    })
    tail = _dashed_tail(rows, "series")
    # A: May (last complete) then June; B has nothing incomplete; C only its incomplete June.
    assert sorted(zip(tail["series"], tail["value"])) == [("A", 2.0), ("A", 3.0), ("C", 6.0)]


def test_a_change_is_left_out_when_either_period_rests_on_too_short_a_history(monkeypatch):
    rows = pd.DataFrame({
        "la_code": ["A", "A", "B", "B", "C", "D", "D"],
        "metric_id": ["m"] * 7,
        "period_start": pd.to_datetime(["2024-05-01", "2024-04-01", "2024-05-01", "2024-04-01",
                                        "2024-05-01", "2024-05-01", "2024-04-01"]),
        "value": [50.0, 40.0, 70.0, 60.0, 20.0, 10.0, 12.5],
        "history_complete": [True, False, True, True, True, False, True],
        "recency": [1, 2, 1, 2, 1, 1, 2],
    })
    monkeypatch.setattr(serving_db, "latest_complete_values_of_all", lambda grain: rows)
    table = headline_table(["D", "A", "B", "C", "E"], "m", "month")
    # A: April too short, so no change; B: 70 - 60; C: no month before; D: May too short; E: nothing.
    assert table.astype(object).where(table.notna(), "-").to_dict("list") == {
        "Authority": ["LA D", "LA A", "LA B", "LA C", "LA E"],
        "Latest complete period": ["May 2024", "May 2024", "May 2024", "May 2024", "none yet"],
        "Value": [10.0, 50.0, 70.0, 20.0, "-"],
        "Change from the period before": ["-", "-", 10.0, "-", "-"],
    }
