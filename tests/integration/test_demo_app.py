"""Every page of the app renders on the demo's serving database, with the published numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.signed_in_app import ENGINEER, settings_environment, signed_in

pytestmark = pytest.mark.slow

MAIN_SCRIPT = Path(__file__).resolve().parents[2] / "app" / "main.py"
PAGES = [
    "views/overview.py",
    "views/explorer.py",
    "views/compare.py",
    "views/worklists.py",
    "views/data_quality.py",
    "views/definitions.py",
    "views/access_log.py",
]


def open_page(monkeypatch, demo, page: str) -> AppTest:
    """The page as a data engineer sees it (every page, every row)."""
    monkeypatch.setenv("CSC_SERVING_PATH", str(demo.serving_path))
    for variable, value in settings_environment(demo.serving_path.parent / "access_log.jsonl").items():
        monkeypatch.setenv(variable, value)
    app = signed_in(AppTest.from_file(str(MAIN_SCRIPT), default_timeout=120), ENGINEER).run()
    app.switch_page(page).run()
    return app


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_demo_data(monkeypatch, demo, page):
    app = open_page(monkeypatch, demo, page)
    assert not app.exception, [e.message for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_explorer_headline_is_the_published_latest_complete_month(monkeypatch, demo):
    [(value,)] = demo.query(
        """
        SELECT value FROM metric_values
        WHERE la_code = '901' AND metric_id = 'assessment_within_45wd' AND period_grain = 'month'
          AND dimension = 'all' AND period_complete
        ORDER BY period_start DESC LIMIT 1
        """
    )
    app = open_page(monkeypatch, demo, "views/explorer.py")
    [headline] = app.metric
    assert headline.label == "LA 901: Oct 2026 (latest complete)"
    assert headline.value == f"{value:.1f}%"


def test_work_list_counts_are_the_published_rows(monkeypatch, demo):
    [(open_assessments,)] = demo.query(
        "SELECT count(*) FROM worklist_open_assessments WHERE status <> 'on track'"
    )
    app = open_page(monkeypatch, demo, "views/worklists.py")
    shown = {metric.label: metric.value for metric in app.metric}
    assert shown["Due/overdue assessments"] == f"{open_assessments:,}"
