"""A measure the authority's deliveries cannot give says why (metric_availability), on the
overview's cards, in the explorer and in the tracker's status, instead of a blank or a 0.

LA 902's history comes from Annex A workbooks: they cannot give the homeless measure at all, and
from April its workbooks have no List 5, so the S47 measure has figures for January to March
only (tests/app/serving_fixture.py)."""

from app.availability import not_available_reason, unavailable_metrics
from tests.app.conftest import element_values
from tests.app.serving_fixture import NO_LIST_5, NOT_FROM_ANNEX_A

EXPLORER = "views/explorer.py"


def test_the_reason_for_the_authority_and_period(serving_database, monkeypatch):
    monkeypatch.setenv("CSC_SERVING_PATH", str(serving_database))
    assert unavailable_metrics("902") == {"homeless_advised_of_s20": NOT_FROM_ANNEX_A, "s47_to_icpc": NO_LIST_5}
    assert unavailable_metrics("901") == {}
    # March's figures came from workbooks with List 5; April's did not.
    assert not_available_reason("902", "s47_to_icpc", "month", "2024-03-01") is None
    assert not_available_reason("902", "s47_to_icpc", "month", "2024-04-01") == NO_LIST_5
    # The quarter and year holding April are short of it too; the year before is not.
    assert not_available_reason("902", "s47_to_icpc", "quarter") == NO_LIST_5
    assert not_available_reason("902", "s47_to_icpc", "financial_year", "2023-04-01") is None
    assert not_available_reason("901", "homeless_advised_of_s20") is None


def test_overview_cards_say_why_instead_of_a_figure(open_app, serving_database):
    app = open_app(serving_database)
    app.sidebar.selectbox(key="authority").select("902").run()
    # Only the measure it can give has a figure; the other two cards give their reasons.
    assert [(m.value, m.delta) for m in app.metric][3:] == [("75.0%", "5.0 points worse than Apr 2024")]
    notes = element_values(app, "info")
    assert notes.count(NO_LIST_5) == 1
    assert notes.count(NOT_FROM_ANNEX_A) == 1
    markdown = element_values(app, "markdown")
    assert ":gray-badge[:material/block: Not available: 2]" in markdown
    assert "**Homeless 16/17-year-olds advised of their s20 rights**" in markdown
    # Never judged: no colour for either.
    assert ":red-badge[:material/cancel: Off track: 1]" in markdown


def test_explorer_offers_a_measure_it_cannot_show_and_says_why(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    app.sidebar.selectbox(key="authority").select("902").run()
    assert "Area 11 · Homeless 16/17-year-olds advised of their s20 rights" in app.selectbox(key="explorer_metric").options
    app.selectbox(key="explorer_metric").select("homeless_advised_of_s20").run()
    assert element_values(app, "info") == [f"LA 902: {NOT_FROM_ANNEX_A}"]
    assert not app.get("vega_lite_chart")
    assert not app.metric


def test_explorer_names_the_periods_without_figures(open_app, serving_database):
    app = open_app(serving_database, EXPLORER)
    app.sidebar.selectbox(key="authority").select("902").run()
    app.selectbox(key="explorer_metric").select("s47_to_icpc").run()
    assert f"No figures for Apr 2024, May 2024: {NO_LIST_5}" in element_values(app, "info")
    # January to March are drawn: empty cohorts, no value (not 0).
    shown = app.dataframe[0].value.reset_index(drop=True)
    assert shown["period"].tolist() == ["Jan 2024", "Feb 2024", "Mar 2024"]
    assert shown["value"].isna().all()
