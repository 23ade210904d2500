"""Downloads: a value a spreadsheet would run as a formula reaches every file as plain text."""

import re
from pathlib import Path

import pandas as pd
import pytest

from app.downloads import spreadsheet_safe
from tests.app.serving_fixture import HOSTILE_VALUES, build_serving_database

APP = Path(__file__).resolve().parents[2] / "app"
FORMULA = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a number column's cell: data, not a formula


@pytest.fixture(scope="module")
def hostile_serving_database(tmp_path_factory) -> Path:
    """The fixture with team names, worker and case ids a spreadsheet would run."""
    return build_serving_database(tmp_path_factory.mktemp("hostile") / "serving.duckdb", substitute=HOSTILE_VALUES)


def test_text_cells_that_would_run_become_text_and_numbers_stay_numbers():
    table = pd.DataFrame({
        "team": ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx", "Team A"],
        "change": [-5.5, 1.0, -0.1, 2.0, 0.0, -3.0, None],  # numbers, negative or not
        "numerator": pd.Series([-1, 2, "[c]", 4, "-[c]", 6, None], dtype=object),
    })
    safe = spreadsheet_safe(table)
    assert safe["team"].tolist() == ["'=HYPERLINK(\"http://x\")", "'+1", "'-1+2", "'@SUM(A1)", "'\tx", "'\rx", "Team A"]
    assert safe["change"].tolist()[:6] == [-5.5, 1.0, -0.1, 2.0, 0.0, -3.0]
    assert safe["numerator"].tolist()[:6] == [-1, 2, "[c]", 4, "'-[c]", 6]
    assert spreadsheet_safe(pd.DataFrame(columns=["=A1", "ok"])).columns.tolist() == ["'=A1", "ok"]


def test_every_download_button_is_made_by_the_one_safe_function():
    for path in APP.rglob("*.py"):
        if path.name == "downloads.py":
            continue
        text = path.read_text()
        assert "download_button" not in text and "to_csv" not in text and "to_excel" not in text, path


def all_cells(table: pd.DataFrame) -> list[str]:
    return [*table.columns, *table.to_numpy().ravel().tolist()]


def test_every_download_of_the_app_holds_them_as_text(open_app, hostile_serving_database, downloaded_csv):
    files = {}
    explorer = open_app(hostile_serving_database, "views/explorer.py")
    explorer.selectbox(key="explorer_slice_assessment_within_45wd").select("team").run()
    files["explorer"] = downloaded_csv(explorer.download_button(key="explorer_download"))
    files["explorer cases"] = downloaded_csv(explorer.download_button(key="explorer_cases_download"))
    worklists = open_app(hostile_serving_database, "views/worklists.py")
    worklists.toggle(key="worklist_full_history").set_value(True).run()
    for button in worklists.download_button:
        files[button.key] = downloaded_csv(button)
    log = open_app(hostile_serving_database, "views/access_log.py")
    files["access log"] = downloaded_csv(log.download_button(key="access_log_export"))
    assert len(files) == 8  # the explorer's table and cases, five work lists, the access log

    for name, table in files.items():
        running = [c for c in all_cells(table) if FORMULA.match(c) and not NUMBER.fullmatch(c)]
        assert running == [], name
    explorer_teams = files["explorer"]["dimension_value"].tolist()
    assert explorer_teams.count("'=HYPERLINK(\"http://x\")") == 2 and "Team B" in explorer_teams
    assessments = files["download_worklist_open_assessments"]
    assert assessments["person_id"].tolist() == ["'=HYPERLINK(\"x\")", "P004", "P002", "P003"]
    assert assessments["assessment_id"].tolist() == ["A1", "A4", "'-2+3", "A3"]
    assert assessments["worker_id"].tolist()[0] == "'=cmd|' /C calc'!A0"
    assert assessments["working_days_left"].tolist() == ["-5", "-1", "5", "36"]  # numbers as numbers
    assert files["download_worklist_s47_without_icpc"]["s47_enquiry_id"].tolist() == ["S1", "S3", "'@SUM(1+1)"]
    assert files["download_worklist_homeless_without_s20_advice"]["presentation_id"].tolist() == ["H3", "H2", "'+1+1"]
    cases = files["explorer cases"]
    # The cases behind May's figure of the first team (Team A, named as a formula): 16.
    assert len(cases) == 16 and set(cases["team"]) == {"'=HYPERLINK(\"http://x\")"}


def offering_a_table():
    """An app page offering one table, which it changes after offering it."""
    import pandas as pd

    from app.downloads import offer_csv

    table = pd.DataFrame({"team": ["=A1", "Team B"], "cases": [1, -2]})
    offer_csv(table, label="Download", file_name="teams.csv", key="teams", access=None)
    table.loc[0, "cases"] = 5


def test_a_tables_file_is_written_only_when_its_button_is_pressed(monkeypatch, pressed_download):
    from streamlit.testing.v1 import AppTest

    from app import downloads

    written = []
    write = downloads.csv_bytes
    monkeypatch.setattr(downloads, "csv_bytes", lambda table: written.append(len(table)) or write(table))
    app = AppTest.from_function(offering_a_table).run()
    assert not app.exception and written == []  # the page ran without writing the file
    # Pressed, twice: the table as it was offered, spreadsheet-safe, each time.
    for presses in (1, 2):
        assert pressed_download(app.download_button(key="teams")) == b"team,cases\n'=A1,1\nTeam B,-2\n"
        assert written == [2] * presses


def offering_case_rows_whose_download_cannot_be_recorded():
    """An app page offering case-level rows while the access log cannot be written."""
    import pandas as pd

    from app.access_log import AccessLogError
    from app.downloads import offer_csv

    def unrecordable() -> None:
        raise AccessLogError("The access log could not be written")

    offer_csv(pd.DataFrame({"person_id": ["P1"]}), label="Download", file_name="cases.csv", key="cases",
              access=unrecordable)


def test_a_press_hands_over_no_file_when_its_download_cannot_be_recorded(pressed_download):
    from streamlit.runtime.media_file_storage import MediaFileStorageError
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(offering_case_rows_whose_download_cannot_be_recorded).run()
    assert not app.exception
    # The press does not run the page again (a rerun raced the browser's fetch of the file).
    assert app.download_button(key="cases").proto.ignore_rerun
    with pytest.raises(MediaFileStorageError, match="access log could not be written"):
        pressed_download(app.download_button(key="cases"))
