"""Metric explorer: filters change the numbers to those in metric_values; the CSV suppresses."""

import json

import pandas as pd

from app.disclosure import SUPPRESSED
from tests.app.conftest import element_values

EXPLORER = "views/explorer.py"


def table(app) -> pd.DataFrame:
    return app.dataframe[0].value.reset_index(drop=True)


def headline(app) -> list[tuple[str, str, str]]:
    return [(m.label, m.value, m.delta) for m in app.metric]


def test_default_view_is_the_first_measure_by_month(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    assert app.selectbox(key="explorer_metric").value == "assessment_within_45wd"
    assert headline(app) == [("LA 901: May 2024 (latest complete)", "90.0%", "+30.0 points")]
    shown = table(app)
    assert shown["period"].tolist() == ["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024", "May 2024", "Jun 2024"]
    assert shown["numerator"].tolist() == [8, 9, 14, 6, 18, 3]
    assert shown["denominator"].tolist() == [10, 12, 16, 10, 20, 4]
    assert shown["value"].tolist() == [80.0, 75.0, 87.5, 60.0, 90.0, 75.0]
    assert shown["period_complete"].tolist() == [True] * 5 + [False]
    assert any(c.startswith("Extract date: LA 901 14 Jun 2024.") for c in element_values(app, "caption"))


def test_chart_marks_incomplete_periods_and_draws_target_and_england(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["line", "line", "point", "text", "rule"]
    assert spec["layer"][1]["mark"]["strokeDash"] == [3, 3]
    assert spec["layer"][2]["encoding"]["shape"]["scale"]["domain"] == [
        "Complete period", "Incomplete period (ends after the extract date)"]
    assert spec["layer"][3]["encoding"]["text"] == {"value": "incomplete"}
    assert spec["layer"][4]["encoding"]["color"]["scale"]["domain"] == ["Target: 85", "England: 85.7"]


def test_grain_change_shows_the_quarter_rows(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    app.radio(key="explorer_grain").set_value("quarter").run()
    assert headline(app) == [("LA 901: 2023-24 Q4 (latest complete)", "81.6%", "")]
    shown = table(app)
    assert shown["period"].tolist() == ["2023-24 Q4", "2024-25 Q1"]
    assert shown["numerator"].tolist() == [31, 27]
    assert shown["denominator"].tolist() == [38, 34]


def test_slice_by_team_and_narrow_the_periods(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    app.selectbox(key="explorer_slice_assessment_within_45wd").select("team").run()
    shown = table(app)
    assert shown[["period", "dimension_value", "numerator", "denominator", "value"]].values.tolist() == [
        ["Apr 2024", "Team A", 5, 6, 500 / 6],
        ["Apr 2024", "Team B", 1, 4, 25.0],
        ["May 2024", "Team A", 15, 16, 93.75],
        ["May 2024", "Team B", 3, 4, 75.0],
    ]
    app.select_slider(key="explorer_range_assessment_within_45wd_month").set_range("May 2024", "May 2024").run()
    assert table(app)["numerator"].tolist() == [15, 3]


def test_the_authority_selector_changes_the_numbers(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    app.sidebar.selectbox(key="authority").select("902").run()
    assert headline(app) == [("LA 902: May 2024 (latest complete)", "75.0%", "-5.0 points")]
    assert table(app)["value"].tolist() == [50.0, 60.0, 70.0, 80.0, 75.0]


def test_side_by_side_comparison_of_authorities(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    app.toggle(key="explorer_compare").set_value(True).run()
    app.radio(key="explorer_grain").set_value("financial_year").run()
    assert headline(app) == [
        ("LA 901: 2023-24 (latest complete)", "81.6%", ""),
        ("LA 902: 2023-24 (latest complete)", "60.0%", ""),
    ]
    shown = table(app)
    assert shown[["la_code", "period", "numerator", "denominator"]].values.tolist() == [
        ["901", "2023-24", 31, 38], ["902", "2023-24", 18, 30],
        ["901", "2024-25", 27, 34], ["902", "2024-25", 17, 22],
    ]


def test_csv_download_suppresses_counts_from_one_to_four(open_app, serving_database, downloaded_csv):
    app = open_app(serving_database, EXPLORER)
    app.selectbox(key="explorer_metric").select("homeless_advised_of_s20").run()
    csv = downloaded_csv(app.download_button[0])
    assert csv.columns.tolist() == [
        "la_code", "metric_id", "period_grain", "period_start", "period_end", "period_complete",
        "dimension", "dimension_value", "numerator", "denominator", "value",
    ]
    c = SUPPRESSED
    assert csv[["period_start", "numerator", "denominator", "value"]].values.tolist() == [
        ["2024-01-01", c, c, c],      # 1 of 2
        ["2024-02-01", "0", c, c],    # 0 of 1
        ["2024-03-01", c, c, c],      # 1 of 1
        ["2024-04-01", "0", c, c],    # 0 of 2
        ["2024-05-01", c, c, c],      # 1 of 3
        ["2024-06-01", "0", "0", ""],  # empty cohort: no value
    ]
    # On screen the figures stay whole: the page is for people inside the authority.
    assert table(app)["numerator"].tolist() == [1, 0, 1, 0, 1, 0]


def test_csv_download_keeps_counts_of_five_and_more(open_app, serving_database, downloaded_csv):
    app = open_app(serving_database, EXPLORER)
    csv = downloaded_csv(app.download_button[0])
    assert csv[["numerator", "denominator", "value"]].values.tolist() == [
        ["8", "10", "80.0"], ["9", "12", "75.0"], ["14", "16", "87.5"],
        ["6", "10", "60.0"], ["18", "20", "90.0"], [SUPPRESSED, SUPPRESSED, SUPPRESSED],
    ]
    assert csv["period_complete"].tolist() == ["True"] * 5 + ["False"]
    assert "Counts from 1 to 4 are replaced by [c]" in " ".join(element_values(app, "caption"))
