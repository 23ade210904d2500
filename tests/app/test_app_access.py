"""Roles in the app: what each signed-in person is shown, and what is recorded of it."""

import re

import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from app import access_log
from tests.app.conftest import (
    AUDITOR, LEADER, MAIN_SCRIPT, MANAGER, NOBODY, APP_TIMEOUT_SECONDS, element_values, metric_values,
    signed_in,
)
from tests.app.test_app_worklists import counts

CASE_ID = re.compile(r"\bP\d{3}\b")  # the fixture's case-system ids: P001, P900, ...
AGGREGATE_PAGES = ("views/overview.py", "views/explorer.py", "views/compare.py", "views/data_quality.py",
                   "views/definitions.py")


def refuse_arrow_fixes(frame):
    raise AssertionError(f"a table Streamlit had to fix for Arrow: {dict(frame.dtypes)}")


def page_text(app: AppTest) -> str:
    """Every text, value and table cell the page shows."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning",
                 "error", "metric", "selectbox", "multiselect", "radio"):
        for element in app.get(kind):
            parts.append(str(getattr(element, "value", "")))
            parts.append(str(getattr(element, "label", "")))
            parts.extend(str(option) for option in getattr(element, "options", []) or [])
    for frame in app.dataframe:
        parts.append(frame.value.to_csv())
    return "\n".join(parts)


def test_a_leader_sees_every_aggregate_page_and_no_case_anywhere(open_app, serving_database, downloaded_csv, access_log_path):
    for page in AGGREGATE_PAGES:
        app = open_app(serving_database, page, user=LEADER)
        assert app.title, page
        assert not CASE_ID.search(page_text(app)), page
    assert metric_values(open_app(serving_database, "views/overview.py", user=LEADER))["Rows quarantined"] == "5"
    explorer = open_app(serving_database, "views/explorer.py", user=LEADER)
    explorer.selectbox(key="explorer_slice_assessment_within_45wd").select("team").run()
    assert not CASE_ID.search(downloaded_csv(explorer.download_button[0]).to_csv())
    quality = open_app(serving_database, "views/data_quality.py", user=LEADER)
    assert len(quality.dataframe) == 4  # freshness, loads, ledger, counts by rule: not the records behind
    assert ("The rows behind these counts are records of children, with no team: they are shown to "
            "auditors and data engineers.") in element_values(quality, "caption")
    with pytest.raises(ValueError, match=r"Could not find a navigation page .*Known pages: \[.*overview.py.*explorer.py"
                                         r".*compare.py.*data_quality.py.*definitions.py'\]"):
        quality.switch_page("views/worklists.py")
    records, _ = access_log.read()  # no case-level row was read: only the sign-ins are recorded
    assert set(records["action"]) == {"sign in"} and set(records["user"]) == {LEADER}


def test_a_manager_sees_the_cases_of_their_team_only_and_each_view_is_recorded_once(
        open_app, serving_database, access_log_path, pressed_download):
    app = open_app(serving_database, "views/worklists.py", user=MANAGER)
    assert counts(app) == ["2", "1", "1", "1", "1"]
    assert app.multiselect(key="worklist_teams").options == ["Team A"]
    shown = [frame.value for frame in app.dataframe]
    assert {team for frame in shown for team in frame["team"]} == {"Team A"}
    assert shown[0]["person_id"].tolist() == ["P001", "P002"]
    assert "The cases of your teams: Team A." in element_values(app, "caption")[0]
    app.run()  # redrawn, nothing new asked for: not recorded again
    records, _ = access_log.read()
    assert records[["user", "role", "action", "page", "rows"]].astype(object).fillna("-").values.tolist() == [
        [MANAGER, "manager", "sign in", "-", "-"],
        *([MANAGER, "manager", "view", "Work lists", rows] for rows in (2, 1, 1, 1, 1)),
    ]
    # A press records the download, in the session of the page that offered it.
    pressed_download(app.download_button(key="download_worklist_open_assessments"))
    records, _ = access_log.read()
    last = records.iloc[-1]
    assert (last["action"], last["file_name"], last["rows"]) == ("download", "worklist_open_assessments_901.csv", 2)
    assert len(records) == 7 and set(records["session"]) == {records["session"].iloc[0]} != {None}
    assert last["filters"] == {"status": {"not": ["on track"]}}
    # In another authority the manager has no team.
    app.sidebar.selectbox(key="authority").select("902").run()
    assert counts(app) == ["0", "0", "0", "0", "0"]


def test_the_auditor_sees_the_access_log_of_those_visits(open_app, serving_database, monkeypatch):
    open_app(serving_database, "views/worklists.py", user=MANAGER)
    # The log's table converts as it is: Streamlit's fallback for a column mixing types (a
    # sign-in's empty rows beside numbers) costs a second conversion on every run.
    monkeypatch.setattr(dataframe_util, "fix_arrow_incompatible_column_types", refuse_arrow_fixes)
    app = open_app(serving_database, "views/access_log.py", user=AUDITOR)
    assert metric_values(app)["Records"] == "7"
    assert not app.exception
    log = app.dataframe[0].value
    assert log[["user", "action"]].values.tolist()[0] == [AUDITOR, "sign in"]  # newest first
    assert log[["user", "action"]].values.tolist()[-1] == [MANAGER, "sign in"]
    assert sorted(log.loc[log["action"] == "view", "table"]) == sorted([
        "worklist_open_assessments", "worklist_s47_without_icpc", "worklist_cwd_not_assessed",
        "worklist_oversight_overdue", "worklist_homeless_without_s20_advice",
    ])
    assert log.loc[log["table"] == "worklist_open_assessments", "filters"].tolist() == ["status: not on track"]
    assert set(log.loc[log["action"] == "sign in", "rows"]) == {""}  # a sign-in has no rows
    # The auditor, through their group, sees every team's quarantined records too.
    quality = open_app(serving_database, "views/data_quality.py", user=AUDITOR)
    assert quality.dataframe[4].value["source_row"].tolist() == [7, 8]


def test_someone_without_a_role_gets_only_ask_your_administrator(open_app, serving_database, access_log_path):
    app = open_app(serving_database, user=NOBODY)
    assert element_values(app, "info") == [
        "This app has no access for you yet. Ask your administrator: they decide who may see what. "
        "You are signed in as nobody@test.example."
    ]
    assert not app.dataframe and not app.metric and not app.sidebar.selectbox
    assert [button.label for button in app.button] == ["Sign out"]
    records, _ = access_log.read()
    assert records[["user", "action"]].values.tolist() == [[NOBODY, "refused"]]


def test_before_signing_in_there_is_only_a_sign_in_button(open_app, serving_database):
    app = open_app(serving_database, user=None)
    assert [button.label for button in app.button] == ["Sign in"]
    assert not app.dataframe and not app.metric and not CASE_ID.search(page_text(app))


def test_without_sign_in_configured_the_app_shows_no_data(monkeypatch, serving_database, access_log_path):
    monkeypatch.setenv("CSC_SERVING_PATH", str(serving_database))
    app = AppTest.from_file(str(MAIN_SCRIPT), default_timeout=APP_TIMEOUT_SECONDS)
    app.secrets["unrelated"] = "no [auth] section"
    app.user = {"is_logged_in": True, "email": "engineer@test.example"}  # ignored without [auth]
    app.run()
    assert element_values(app, "info")[0].startswith("Sign-in is not set up, so this app shows no data.")
    assert not app.dataframe and not app.metric and not app.button


def test_broken_access_settings_close_the_app_and_say_why(open_app, serving_database, monkeypatch, tmp_path):
    broken = tmp_path / "access.toml"
    broken.write_text('[users."engineer@test.example"]\nrole = "superuser"\n')
    monkeypatch.setenv("CSC_ACCESS_PATH", str(broken))
    app = open_app(serving_database)
    assert "The access settings cannot be used, so no one sees data until they are put right." in element_values(app, "info")[0]
    assert "role must be one of" in element_values(app, "info")[0]
    assert not app.dataframe and not app.metric
