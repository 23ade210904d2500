"""Overview: a banner first when the latest delivery was refused or is stale; cards whose number,
badge, line and change agree; any past month as it stood; the cards before the tracker."""

import pandas as pd
from streamlit.proto.Metric_pb2 import Metric

from app.judgement import STATUS_BADGES
from tests.app.conftest import element_values, metric_values
from tests.app.serving_fixture import NO_LIST_5

MONTH = "overview_month_901"
# LA 901's cards in the letter's order at May 2024, from improvement_tracker_history.
MAY_CARDS = [
    ("May 2024", "90.0%", "30.0 points better than Apr 2024", "green"),  # 18/20, April 6/10
    ("May 2024", "33.0", "8.0 better than Apr 2024", "green"),           # lower is better, April 41
    ("May 2024", "30.0%", "within the band, as in Apr 2024", "green"),   # band 25 to 38, April 25.0
    # 3 in May: judged on its 12 months (3 of 10); April was not judged, so no change.
    ("The 12 months to May 2024", "30.0%", "not compared with Apr 2024", "red"),
]
STALE_BANNER = (
    "**The latest delivery looks like an old export.** The delivery with extract date 14 Jun 2024, "
    "received 15 Jun 2024 06:03, was loaded, but its newest activity, an assessment dated 16 May 2024, "
    "is 20 working days before its extract date of 14 June 2024 (more than 10): it may be an old export "
    "delivered under a new date. The figures below are those of this extract (14 Jun 2024); work "
    "recorded after its newest activity may be missing from them."
)
REFUSED_BANNER = (
    "**The latest delivery was refused.** The delivery with extract date 7 Jun 2024, received "
    "15 Jun 2024 06:00, was refused: ssd_person.csv has no column pers_dob, which is required. Nothing "
    "of it was loaded. The figures below are still those of the extract of 31 May 2024."
)


def cards(app) -> list[tuple[str, str, str, str]]:
    return [(m.label, m.value, m.delta, Metric.MetricColor.Name(m.proto.color).lower()) for m in app.metric][3:]


def card_badges(app) -> list[str]:
    """The badges of the cards, after the status summary's (one per status)."""
    return [m for m in element_values(app, "markdown") if "-badge[" in m][len(STATUS_BADGES):]


def test_stale_delivery_banner_comes_first_then_the_cards(open_app, serving_database):
    app = open_app(serving_database)
    assert app.main[0].value == STALE_BANNER
    metrics = metric_values(app)
    assert metrics["Extract date"] == "14 Jun 2024"
    assert metrics["Last refresh"] == "15 Jun 2024 06:10"
    assert metrics["Rows quarantined"] == "5"
    assert cards(app) == MAY_CARDS
    # The line: the value judged each month; January (history too short) is left out.
    assert list(app.metric[3].proto.chart_data) == [75.0, 87.5, 60.0, 90.0]
    assert list(app.metric[4].proto.chart_data) == [30.0, 35.5, 28.0, 41.0, 33.0]
    assert list(app.metric[6].proto.chart_data) == [30.0]
    assert card_badges(app) == [
        ":green-badge[:material/check_circle: On track]", ":green-badge[:material/check_circle: On track]",
        ":green-badge[:material/check_circle: On track]", ":red-badge[:material/cancel: Off track]",
    ]
    markdown = element_values(app, "markdown")
    assert ":green-badge[:material/check_circle: On track: 3]" in markdown
    assert ":red-badge[:material/cancel: Off track: 1]" in markdown
    assert ":gray-badge[:material/hourglass_empty: History too short: 0]" in markdown
    captions = element_values(app, "caption")
    # The first financial year starts before the history: shown, never compared.
    assert "2023-24: **81.6%** (history too short, not compared) · Target: **85.0%** · England: **85.7%**" in captions
    assert "May 2024 alone: 33.3% (3 cases)" in captions
    assert not [c for c in captions if "target_overrides" in c]
    headings = element_values(app, "subheader")
    assert len(headings) == 12 and headings[-1] == "The cases behind a card"
    assert headings[5] == "6. Thresholds for holding an initial child protection conference."
    assert [link.label for link in app.get("page_link")] == ["See what was held back and why"]


def test_the_cases_behind_a_card_are_the_cohort_it_was_judged_on(open_app, serving_database, access_log_path):
    app = open_app(serving_database)
    assert app.selectbox(key="overview_cases_901").value is None  # nothing is read until asked
    app.selectbox(key="overview_cases_901").select("assessment_within_45wd").run()
    [summary] = [m for m in element_values(app, "markdown") if " behind " in m and "cases" in m]
    assert summary == "**20 cases** behind May 2024: the number was worked out from 20."
    # The homeless card was judged on its 12 months; their cases are not in this fixture.
    app.selectbox(key="overview_cases_901").select("homeless_advised_of_s20").run()
    assert ("The cases of this measure (homeless_presentation_details) are not published in the serving "
            "database yet.") in element_values(app, "info")


def test_a_past_month_as_it_stood_then(open_app, serving_database):
    app = open_app(serving_database)
    assert len(app.selectbox(key=MONTH).options) == 5  # January to May 2024
    app.selectbox(key=MONTH).select(pd.Timestamp("2024-01-01")).run()
    assert app.selectbox(key=MONTH).format_func(app.selectbox(key=MONTH).value) == "Jan 2024"
    # 45 working days: January rests on too short a history: not judged, its own value shown grey.
    assert cards(app) == [
        ("Jan 2024 (not judged)", "80.0%", "", "gray"),
        ("Jan 2024", "30.0", "no month before to compare", "green"),
        ("Jan 2024", "33.3%", "no month before to compare", "green"),
        ("Jan 2024 (not judged)", "33.3%", "", "gray"),
    ]
    assert card_badges(app)[0] == ":gray-badge[:material/hourglass_empty: History too short]"
    assert card_badges(app)[3] == ":gray-badge[:material/help: Not enough data]"
    assert ("Not judged: the history is too short. This month is the first of the history: work begun "
            "before it is missing from it.") in element_values(app, "caption")
    assert "no complete financial year" in element_values(app, "caption")[1]
    app.selectbox(key=MONTH).select(pd.Timestamp("2024-02-01")).run()
    # February: red, and not compared with January, which was not judged.
    assert cards(app)[0] == ("Feb 2024", "75.0%", "not compared with Jan 2024", "red")
    assert cards(app)[2] == ("Feb 2024", "22.9%", "2.1 points further from the band than Jan 2024", "orange")


def test_a_refused_delivery_banner_for_the_other_authority(open_app, serving_database):
    app = open_app(serving_database)
    app.sidebar.selectbox(key="authority").select("902").run()
    assert app.main[0].value == REFUSED_BANNER
    metrics = metric_values(app)
    assert metrics["Extract date"] == "31 May 2024"
    assert metrics["Rows quarantined"] == "2"
    assert cards(app) == [("May 2024", "75.0%", "5.0 points worse than Apr 2024", "red")]
    # The S47 measure is not available in May (its card says why: test_app_availability); the
    # median has neither a figure nor a published reason, and says so in a line.
    assert element_values(app, "info").count(NO_LIST_5) == 1
    assert "Median working days to complete an assessment · No figures in this authority's data for this month." in (
        element_values(app, "caption"))
    assert ":red-badge[:material/cancel: Off track: 1]" in element_values(app, "markdown")


def test_before_the_tracker_is_published_the_cards_come_from_metric_values(open_app, serving_database_without_tracker):
    app = open_app(serving_database_without_tracker)
    [note] = element_values(app, "info")
    assert note.startswith("The improvement tracker is not published yet")
    assert cards(app) == [
        ("May 2024", "90.0%", "30.0 points better than Apr 2024", "gray"),
        ("May 2024", "33.0", "8.0 better than Apr 2024", "gray"),
        ("May 2024", "30.0%", "within the band, as in Apr 2024", "gray"),
        ("May 2024", "33.3%", "33.3 points better than Apr 2024", "gray"),
    ]
    assert not [m for m in element_values(app, "markdown") if "-badge[" in m]
    assert list(app.metric[3].proto.chart_data) == [80.0, 75.0, 87.5, 60.0, 90.0]
