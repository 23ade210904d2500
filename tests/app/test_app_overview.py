"""Overview page: the scorecard (from the tracker, or before it exists) and data freshness."""

from tests.app.conftest import element_values, metric_values

# LA 901's cards in the letter's order, each headed by its latest complete month (May 2024):
# the tracker and metric_values agree on them.
MAY_CARDS = [
    ("May 2024", "90.0%", "+30.0 points"),  # 18/20, April 6/10
    ("May 2024", "33.0", "-8.0"),           # median 33.0, April 41.0
    ("May 2024", "30.0%", "+5.0 points"),   # 6/20, April 5/20
    ("May 2024", "33.3%", "+33.3 points"),  # 1/3, April 0/2
]


def test_scorecard_from_the_tracker_with_freshness(open_app, serving_database):
    app = open_app(serving_database)
    metrics = metric_values(app)
    assert metrics["Extract date"] == "14 Jun 2024"
    assert metrics["Last refresh"] == "15 Jun 2024 06:10"
    assert metrics["Rows quarantined"] == "5"
    cards = [(m.label, m.value, m.delta) for m in app.metric][3:]
    assert cards == MAY_CARDS
    # Sparklines: every complete month of the whole-authority series (June is incomplete).
    assert list(app.metric[3].proto.chart_data) == [80.0, 75.0, 87.5, 60.0, 90.0]
    assert list(app.metric[6].proto.chart_data) == [50.0, 0.0, 100.0, 0.0, 100 / 3]
    markdown = element_values(app, "markdown")
    assert ":green-badge[:material/check_circle: On track: 2]" in markdown
    assert ":orange-badge[:material/error: Close: 1]" in markdown
    assert ":red-badge[:material/cancel: Off track: 1]" in markdown
    captions = element_values(app, "caption")
    assert "2023-24: **81.6%** · Target: **85.0%** · England: **85.7%**" in captions
    assert "2023-24: **50.0%** · Target: **100.0%** · England: **not published**" in captions
    headings = element_values(app, "subheader")
    assert len(headings) == 11
    assert headings[5] == "6. Thresholds for holding an initial child protection conference."
    assert [link.label for link in app.get("page_link")] == ["See what was held back and why"]


def test_choosing_the_other_authority_changes_the_scorecard(open_app, serving_database):
    app = open_app(serving_database)
    app.sidebar.selectbox(key="authority").select("902").run()
    metrics = metric_values(app)
    assert metrics["Extract date"] == "31 May 2024"
    assert metrics["Rows quarantined"] == "2"
    assert [(m.value, m.delta) for m in app.metric][3:] == [("75.0%", "-5.0 points")]
    assert ":red-badge[:material/cancel: Off track: 1]" in element_values(app, "markdown")


def test_before_the_tracker_is_published_the_cards_come_from_metric_values(open_app, serving_database_without_tracker):
    app = open_app(serving_database_without_tracker)
    [note] = element_values(app, "info")
    assert note.startswith("The improvement tracker is not published yet")
    cards = [(m.label, m.value, m.delta) for m in app.metric][3:]
    assert cards == MAY_CARDS
    assert not [m for m in element_values(app, "markdown") if "-badge[" in m]
    assert "2023-24: **81.6%** · Target: **85.0%** · England: **85.7%**" in element_values(app, "caption")
