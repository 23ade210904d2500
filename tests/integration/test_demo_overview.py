"""The overview on the demo data: every card's number, badge, line and change agree with each
other and with improvement_tracker_history, for the latest month and for past months, and no
value resting on too short a history feeds a judgement."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.proto.Metric_pb2 import Metric

from app.display_format import metric_value_label, period_label
from app.judgement import STATUS_BADGES, status_colour
from tests.integration.test_demo_app import open_page

pytestmark = pytest.mark.slow
JUDGED = ("green", "amber", "red")
CHANGE_WORDS = ("better than", "worse than", "no change on", "the band", "more than", "fewer than",
                "not compared with", "no month before", "higher than", "lower than")


def expected_cards(demo, month: str) -> pd.DataFrame:
    """The tracker's rows of the month, in the overview's order (area, then catalogue order),
    with each metric's line: the values judged in every trusted month up to this one."""
    catalogue = pd.DataFrame(demo.query("select metric_id, kind from metric_catalogue"), columns=["metric_id", "kind"])
    catalogue["order"] = range(len(catalogue))
    history = pd.DataFrame(demo.query("select * from improvement_tracker_history where la_code = '901'"),
                           columns=[c for (c,) in demo.query(
                               "select column_name from information_schema.columns "
                               "where table_name = 'improvement_tracker_history' order by ordinal_position")])
    history["month_start"] = pd.to_datetime(history["month_start"])
    upto = history[history["month_start"] <= pd.Timestamp(month)]
    trusted = upto[upto["history_complete"] & (upto["status"].fillna("") != "history too short") & upto["judged_value"].notna()]
    lines = trusted.sort_values("month_start").groupby("metric_id")["judged_value"].apply(list)
    rows = upto[upto["month_start"] == pd.Timestamp(month)].merge(catalogue, on="metric_id")
    rows["line"] = rows["metric_id"].map(lines).map(lambda v: v if isinstance(v, list) else [])
    return rows.sort_values(["improvement_area", "order"]).reset_index(drop=True)


def shown_cards(app) -> list[tuple]:
    return [(m.label, m.value, m.delta, Metric.MetricColor.Name(m.proto.color).lower(), list(m.proto.chart_data))
            for m in app.metric][3:]


def check_cards_agree(app, expected: pd.DataFrame) -> None:
    shown = shown_cards(app)
    assert len(shown) == len(expected) > 20
    month = period_label("month", expected["month_start"].iloc[0])
    for (label, value, delta, colour, line), row in zip(shown, expected.itertuples()):
        status = row.status if isinstance(row.status, str) else None
        if status in JUDGED:
            window = month if row.judged_window_months == 1 else f"The {int(row.judged_window_months)} months to {month}"
            assert (label, value) == (window, metric_value_label(row.judged_value, row.kind)), row.metric_id
            assert colour == status_colour(status) and line[-1] == pytest.approx(row.judged_value), row.metric_id
        elif status is None:  # not rated: the value, no colour
            assert value == metric_value_label(row.judged_value if pd.notna(row.judged_value) else row.month_value, row.kind)
            assert colour == "gray", row.metric_id
        else:  # not enough data, history too short: the month's own value, said to be not judged
            assert (label, value, colour) == (f"{month} (not judged)", metric_value_label(row.month_value, row.kind), "gray"), row.metric_id
        assert line == pytest.approx(row.line), row.metric_id
        assert not delta or (delta.startswith(CHANGE_WORDS) or any(w in delta for w in CHANGE_WORDS)), (row.metric_id, delta)
        assert not delta.startswith(("+", "-")) and " up " not in f" {delta} " and " down " not in f" {delta} "
    badges = [m.value for m in app.markdown if "-badge[" in m.value][len(STATUS_BADGES):]
    assert badges == [
        f":{STATUS_BADGES[s].colour}-badge[{STATUS_BADGES[s].icon} {STATUS_BADGES[s].label}]"
        for s in expected["status"] if isinstance(s, str)
    ]


@pytest.fixture(scope="module")
def latest_month(demo) -> str:
    [(month,)] = demo.query("select max(month_start) from improvement_tracker_history where la_code = '901'")
    return str(month)


def test_every_card_of_the_overview_agrees_with_itself_and_the_tracker(monkeypatch, demo, latest_month):
    app = open_page(monkeypatch, demo, "views/overview.py")
    assert latest_month == "2026-10-01"
    check_cards_agree(app, expected_cards(demo, latest_month))
    # The tracker's latest month is the history's: the same statuses.
    tracker = dict(demo.query("select metric_id, status from improvement_tracker where la_code = '901'"))
    expected = expected_cards(demo, latest_month)
    assert dict(zip(expected["metric_id"], expected["status"].astype(object).where(expected["status"].notna(), None))) == tracker


@pytest.mark.parametrize("month", ["2025-03-01", "2022-04-01"])
def test_the_overview_of_a_past_month_is_the_tracker_history_of_that_month(monkeypatch, demo, month):
    """March 2025, as at an improvement board; April 2022, the history's first month, whose
    values rest on too short a history (or too few cases): nothing is judged, coloured or
    compared."""
    app = open_page(monkeypatch, demo, "views/overview.py")
    app.selectbox(key="overview_month_901").select(pd.Timestamp(month)).run()
    expected = expected_cards(demo, month)
    check_cards_agree(app, expected)
    if month == "2022-04-01":
        assert not set(expected["status"].dropna()) & set(JUDGED)
        assert (expected["status"] == "history too short").sum() == 17
        for (_, _, delta, colour, line), row in zip(shown_cards(app), expected.itertuples()):
            assert colour == "gray", row.metric_id
            if not row.history_complete:  # drawn in no line, compared with nothing
                assert not line and not delta, row.metric_id
