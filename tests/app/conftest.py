"""Fixtures for the app's tests: hand-made serving databases and an AppTest per page."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.testing.v1 import AppTest

from tests.app.serving_fixture import build_serving_database
from tests.app.signed_in_app import (  # noqa: F401  (re-exported for the tests)
    ACCESS_SETTINGS, AUDITOR, ENGINEER, GROUPS, LEADER, MANAGER, NOBODY, settings_environment, signed_in,
)

REPOSITORY = Path(__file__).resolve().parents[2]
MAIN_SCRIPT = REPOSITORY / "app" / "main.py"
APP_TIMEOUT_SECONDS = 60


@pytest.fixture(scope="session")
def serving_database(tmp_path_factory) -> Path:
    """The full fixture: two authorities, tracker, work lists, ledger and quarantine."""
    return build_serving_database(tmp_path_factory.mktemp("serving") / "serving.duckdb")


@pytest.fixture(scope="session")
def serving_database_without_tracker(tmp_path_factory) -> Path:
    """The fixture as it is before the improvement tracker and the work lists are published."""
    return build_serving_database(
        tmp_path_factory.mktemp("serving_no_tracker") / "serving.duckdb",
        leave_out=frozenset({
            "improvement_tracker", "improvement_tracker_history", "worklist_open_assessments", "worklist_s47_without_icpc",
            "worklist_cwd_not_assessed", "worklist_oversight_overdue",
            "worklist_homeless_without_s20_advice",
        }),
    )


@pytest.fixture(scope="session")
def serving_database_nothing_loaded(tmp_path_factory) -> Path:
    """A serving database whose every snapshot was rejected: no authority, metrics or lists."""
    return build_serving_database(
        tmp_path_factory.mktemp("serving_empty") / "serving.duckdb",
        empty=frozenset({"authorities", "metric_values", "improvement_tracker", "improvement_tracker_history",
                         "delivery_freshness", "assessment_details", "worklist_open_assessments",
                         "worklist_s47_without_icpc", "worklist_cwd_not_assessed",
                         "worklist_oversight_overdue", "worklist_homeless_without_s20_advice"}),
    )


@pytest.fixture
def access_log_path(tmp_path, monkeypatch) -> Path:
    """A fresh access log for each test; the access settings of the tests."""
    path = tmp_path / "logs" / "access_log.jsonl"
    for variable, value in settings_environment(path).items():
        monkeypatch.setenv(variable, value)
    return path


@pytest.fixture
def open_app(monkeypatch, access_log_path) -> Callable[..., AppTest]:
    """Run the app on a serving database, optionally on a page ('views/explorer.py'), signed in
    as `user` (a data engineer, who sees everything, unless told)."""

    def open_page(serving_path: Path, page: str | None = None, user: str | None = ENGINEER) -> AppTest:
        monkeypatch.setenv("CSC_SERVING_PATH", str(serving_path))
        app = signed_in(AppTest.from_file(str(MAIN_SCRIPT), default_timeout=APP_TIMEOUT_SECONDS), user).run()
        if page is not None:
            app.switch_page(page).run()
        assert not app.exception, [e.message for e in app.exception]
        return app

    return open_page


@pytest.fixture
def pressed_download(monkeypatch) -> Callable[[object], bytes]:
    """The bytes a download button of the latest run hands over when pressed.

    AppTest makes a media manager and an in-memory store for every run; they are recorded
    here, and a button whose file is written when pressed (app.downloads) is pressed as the
    browser presses it, by asking that run's manager for the file.
    """
    managers = []
    make_manager = app_test_module.MediaFileManager

    def recording_manager(*args, **kwargs):
        managers.append(make_manager(*args, **kwargs))
        return managers[-1]

    monkeypatch.setattr(app_test_module, "MediaFileManager", recording_manager)

    def press(button) -> bytes:
        url = button.proto.url or managers[-1].execute_deferred(button.proto.deferred_file_id)
        return managers[-1]._storage.get_file(url.rsplit("/", 1)[-1]).content

    return press


@pytest.fixture
def downloaded_csv(pressed_download) -> Callable[[object], pd.DataFrame]:
    """Read back what a download button of the latest run would hand the user, as text cells."""
    return lambda button: pd.read_csv(io.BytesIO(pressed_download(button)), dtype=str, keep_default_na=False)


def element_values(app: AppTest, element_type: str) -> list:
    return [element.value for element in app.get(element_type)]


def chart_rows(chart, name: str) -> list[dict]:
    """The rows of one named dataset of a vega-lite chart as AppTest holds it (Arrow)."""
    [dataset] = [d for d in chart.proto.datasets if d.name == name]
    return pa.ipc.open_stream(dataset.data.data).read_all().to_pandas().to_dict("records")


def metric_values(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def figures(app: AppTest) -> list[str]:
    """What a page shows but its choices and warnings: titles, texts, numbers and tables."""
    shown = [
        f"{kind}: {getattr(element, 'label', '')} {element.value}"
        for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success", "error", "metric")
        for element in app.get(kind)
    ]
    return shown + [frame.value.to_csv() for frame in app.dataframe]
