"""Every chart the app draws is a valid vega-lite spec.

The app makes its specs without Altair's schema check (app/chart_display.py: the check is a
fifth of a national page's run); the check is here instead, on each kind of chart of each page.
"""

import json

import altair as alt
import pytest
from jsonschema import ValidationError

from tests.app.conftest import chart_rows

EXPLORER = "views/explorer.py"
COMPARE = "views/compare.py"


def drawn_specs(app) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]


def test_every_chart_of_every_page_is_valid_vega_lite(open_app, serving_database):
    trend = open_app(serving_database, EXPLORER)
    teams = open_app(serving_database, EXPLORER)
    teams.selectbox(key="explorer_slice_assessment_within_45wd").select("team").run()
    every_authority = open_app(serving_database, EXPLORER)
    every_authority.toggle(key="explorer_compare").set_value(True).run()
    compare = open_app(serving_database, COMPARE)
    specs = {
        "explorer: trend": drawn_specs(trend),
        "explorer: teams": drawn_specs(teams),
        "explorer: every authority": drawn_specs(every_authority),
        "compare: interval, funnel, teams over time": drawn_specs(compare),
    }
    assert {name: len(drawn) for name, drawn in specs.items()} == {
        "explorer: trend": 1, "explorer: teams": 1, "explorer: every authority": 1,
        "compare: interval, funnel, teams over time": 3,
    }
    for name, drawn in specs.items():
        for spec in drawn:
            alt.TopLevelSpec.validate(spec)  # raises, naming the fault, when the spec is not valid
    # The schema check can fail: a mark vega-lite does not have is refused.
    broken = {**specs["explorer: trend"][0], "mark": "no such mark"}
    with pytest.raises(ValidationError):
        alt.TopLevelSpec.validate(broken)


def test_a_chart_sends_each_table_once_under_the_name_its_spec_reads(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    [chart] = app.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    named = [layer["data"]["name"] for layer in spec["layer"]]
    assert sorted({d.name for d in chart.proto.datasets}) == sorted(set(named))
    # The complete periods' line: LA 901's five complete months of the fixture, in order.
    line = chart_rows(chart, named[0])
    assert [row["period"] for row in line] == ["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024", "May 2024"]


def test_a_chart_is_built_once_for_the_same_tables(open_app, serving_database, monkeypatch):
    import streamlit as st

    import app.charts

    built = []
    trend_chart = app.charts.trend_chart

    def counted(*arguments):
        built.append(arguments[0]["period"].tolist())
        return trend_chart(*arguments)

    monkeypatch.setattr(app.charts, "trend_chart", counted)
    st.cache_data.clear()
    page = open_app(serving_database, EXPLORER)
    first = page.get("vega_lite_chart")[0].proto.spec
    page.run()  # a revisit: the same tables, the chart kept
    assert len(built) == 1 and page.get("vega_lite_chart")[0].proto.spec == first
    page.radio(key="explorer_grain").set_value("quarter").run()  # other tables: built anew
    assert len(built) == 2 and page.get("vega_lite_chart")[0].proto.spec != first
