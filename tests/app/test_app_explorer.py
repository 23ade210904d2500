"""Metric explorer: filters change the numbers to those in metric_values; the CSV suppresses."""

import json

import pandas as pd

from app import access_log
from app.disclosure import SUPPRESSED
from tests.app.conftest import LEADER, MANAGER, chart_rows, element_values
from tests.app.serving_fixture import BEFORE_HISTORY

EXPLORER = "views/explorer.py"


def table(app) -> pd.DataFrame:
    return app.dataframe[0].value.reset_index(drop=True)


def headline(app) -> list[tuple[str, str, str]]:
    return [(m.label, m.value, m.delta) for m in app.metric]


def test_default_view_is_the_first_measure_by_month(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    assert app.selectbox(key="explorer_metric").value == "assessment_within_45wd"
    assert headline(app) == [("LA 901: May 2024 (latest complete)", "90.0%", "30.0 points better than Apr 2024")]
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
    assert marks == ["line", "line", "point", "point", "text", "rule"]
    assert spec["layer"][1]["mark"]["strokeDash"] == [3, 3]
    assert spec["layer"][2]["encoding"]["shape"]["scale"]["domain"] == [
        "Complete period", "Incomplete period (ends after the extract date)"]
    assert spec["layer"][4]["encoding"]["text"] == {"value": "incomplete"}
    assert spec["layer"][5]["encoding"]["color"]["scale"]["domain"] == ["Target: 85", "England: 85.7"]


def layer_rows(app, layer: int) -> list[dict]:
    chart = app.get("vega_lite_chart")[0]
    return chart_rows(chart, json.loads(chart.proto.spec)["layer"][layer]["data"]["name"])


def test_a_value_on_too_short_a_history_is_drawn_apart_with_its_reason(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    app.radio(key="explorer_grain").set_value("financial_year").run()
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    # 2023-24 starts before the history (1 January 2024): hollow, grey, off the line.
    flagged = spec["layer"][3]
    assert (flagged["mark"]["color"], flagged["mark"]["filled"], flagged["mark"]["fill"]) == ("#9e9e9e", False, "white")
    [point] = layer_rows(app, 3)
    assert (point["period"], point["history"]) == ("2023-24", "Too short: " + BEFORE_HISTORY)
    assert [row["period"] for row in layer_rows(app, 0)] == []  # no complete period left on the line
    assert [row["period"] for row in layer_rows(app, 2)] == ["2024-25"]
    assert table(app)["history"].fillna("").tolist() == [BEFORE_HISTORY, ""]
    # Never compared: the headline says so instead of a change.
    assert "History too short: not compared with the period before." in element_values(app, "caption")


def test_the_definition_and_its_formula_are_behind_how_this_is_worked_out(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    [line] = [m for m in element_values(app, "markdown") if m.startswith("**Assessments completed")]
    assert line == "**Assessments completed within 45 working days** · Higher is better."
    [expander] = app.expander
    assert expander.label == "How this is worked out"
    assert "wd(start, authorisation) <= 45" in expander.markdown[0].value
    assert not [m for m in element_values(app, "markdown") if "wd(" in m and m != expander.markdown[0].value]


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
    assert headline(app) == [("LA 902: May 2024 (latest complete)", "75.0%", "5.0 points worse than Apr 2024")]
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


def cases_shown(app) -> tuple[str, pd.DataFrame]:
    [summary] = [m for m in element_values(app, "markdown") if " behind " in m and "cases" in m]
    return summary, app.dataframe[-1].value


def test_the_cases_behind_a_number_are_its_cohort(open_app, serving_database, downloaded_csv, access_log_path):
    app = open_app(serving_database, EXPLORER)
    assert app.selectbox(key="explorer_cases_period_assessment_within_45wd_month").value == pd.Timestamp("2024-05-01")
    summary, cases = cases_shown(app)
    assert summary == "**20 cases** behind May 2024: the number was worked out from 20."
    assert len(cases) == 20 and (cases["Met the condition"] == "Yes").sum() == 18
    assert {"source_file", "source_row", "working_days_to_authorisation"} <= set(cases.columns)
    assert "assessment_median_wd" not in cases.columns  # other measures' flags are not shown
    # Any case traced to the delivery it came from: the first, AS01, is row 2 of the extract of 14 June.
    assert app.selectbox(key="explorer_cases_trace").options[:2] == ["AS01", "AS02"]
    assert ("Loaded from 901/2024-06-14/ssd_cin_assessments.csv, row 2, in the snapshot of LA 901 of "
            "2024-06-14 (load L2).") in element_values(app, "caption")
    assert not app.error
    # June, not yet complete: 4 cases, 3 of them within 45 working days.
    app.selectbox(key="explorer_cases_period_assessment_within_45wd_month").select(pd.Timestamp("2024-06-01")).run()
    summary, cases = cases_shown(app)
    assert summary == "**4 cases** behind Jun 2024: the number was worked out from 4."
    # A slice: the disabled children's assessments of May.
    app.selectbox(key="explorer_slice_assessment_within_45wd").select("disability").run()
    app.selectbox(key="explorer_cases_value_assessment_within_45wd_disability").select("Disabled").run()
    summary, cases = cases_shown(app)
    assert summary == "**3 cases** behind May 2024, Disabled: the number was worked out from 3."
    assert (cases["Met the condition"] == "Yes").sum() == 2
    # The download is case-level: whole, not suppressed, marked as personal data, recorded when
    # pressed (once a press), in the session of the page that offered it.
    button = app.download_button(key="explorer_cases_download")
    assert button.label == "Download these cases (CSV, personal data)"
    before = len(access_log.read()[0])
    assert len(downloaded_csv(button)) == 3
    log = access_log.read()[0]
    assert len(log) == before + 1
    last = log.iloc[-1]
    assert (last["action"], last["table"], last["rows"]) == ("download", "assessment_details", 3)
    assert last["session"] is not None and last["session"] == log.iloc[-2]["session"]
    assert last["file_name"] == "cases_assessment_within_45wd_month_2024-05-01_901_personal_data.csv"
    assert last["filters"] == {"authorised_date": {"from": "2024-05-01", "to": "2024-05-31"},
                               "assessment_within_45wd": ["False", "True"], "disability": "Disabled"}


def test_a_manager_sees_the_cases_of_their_teams_and_a_leader_none(open_app, serving_database, access_log_path):
    manager = open_app(serving_database, EXPLORER, user=MANAGER)
    summary, cases = cases_shown(manager)
    assert summary == "**16 cases of your teams** behind May 2024: the number was worked out from 20."
    assert set(cases["team"]) == {"Team A"} and "source_file" not in cases.columns
    assert not [box for box in manager.selectbox if box.key == "explorer_cases_trace"]
    leader = open_app(serving_database, EXPLORER, user=LEADER)
    assert not [m for m in element_values(leader, "markdown") if " behind " in m and "cases" in m]
    assert ("Managers, auditors and data engineers can open the cases behind each number here; your role "
            "shows the figures only.") in element_values(leader, "caption")


def test_teams_as_small_multiples_with_their_band_and_small_cohorts_marked(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    app.selectbox(key="explorer_slice_assessment_within_45wd").select("team").run()
    chart = app.get("vega_lite_chart")[0]
    spec = json.loads(chart.proto.spec)
    assert spec["facet"]["field"] == "group"
    rows = chart_rows(chart, spec["data"]["name"])
    # Team B's 4 cases in April and in May: under 5, a hollow triangle; the whole authority's line beside.
    small = {(r["group"], r["period"]) for r in rows if r["cohort"] == "Under 5 cases"}
    assert small == {("Team B", "Apr 2024"), ("Team B", "May 2024")}
    may_a = next(r for r in rows if (r["group"], r["period"]) == ("Team A", "May 2024"))
    assert (round(may_a["low"], 1), round(may_a["high"], 1), may_a["authority_value"]) == (71.7, 98.9, 90.0)
