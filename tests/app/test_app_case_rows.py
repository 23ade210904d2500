"""Case-level rows: each role gets exactly its rows, in the layer that reads the database, and
every read is in the access log before its rows are returned."""

import json
import re
from pathlib import Path

import pytest

from app import access_log, case_rows, serving_db
from app.access_log import AccessLogError
from app.case_rows import Between, CaseRowsRefused, Excluding
from app.roles import Role, TeamGrant, Viewer

APP = Path(__file__).resolve().parents[2] / "app"
LEADER = Viewer("leader@test.example", Role.LEADER)
TEAM_A_901 = Viewer("manager@test.example", Role.MANAGER, frozenset({TeamGrant("Team A", "901")}))
TEAMS_B_X = Viewer("team-b@test.example", Role.MANAGER, frozenset({TeamGrant("Team B"), TeamGrant("Team X")}))
AUDITOR = Viewer("auditor@test.example", Role.AUDITOR)
ENGINEER = Viewer("engineer@test.example", Role.DATA_ENGINEER)
OPEN = "worklist_open_assessments"


@pytest.fixture(autouse=True)
def serving(serving_database, monkeypatch, access_log_path):
    monkeypatch.setenv("CSC_SERVING_PATH", str(serving_database))
    return access_log_path


def people(viewer, table=OPEN, la_code="901", **options) -> list[str]:
    return sorted(case_rows.case_rows(viewer, table, la_code, page="Test", **options)["person_id"])


@pytest.mark.parametrize(("viewer", "la_code", "expected"), [
    (TEAM_A_901, "901", ["P001", "P002"]),
    (TEAM_A_901, "902", []),  # Team A is theirs in 901 only
    (TEAMS_B_X, "901", ["P003", "P004"]),
    (TEAMS_B_X, "902", ["P900"]),  # their teams in any authority
    (AUDITOR, "901", ["P001", "P002", "P003", "P004"]),
    (ENGINEER, "902", ["P900"]),
])
def test_each_role_gets_exactly_its_rows(viewer, la_code, expected):
    assert people(viewer, la_code=la_code) == expected


def test_a_leader_and_nobody_get_no_case_rows_whatever_the_table():
    for viewer in (LEADER, None):
        for table in (OPEN, "worklist_cwd_not_assessed", "quarantine", "assessment_details"):
            with pytest.raises(CaseRowsRefused, match="does not include case-level rows"):
                case_rows.case_rows(viewer, table, "901", page="Test")
        assert case_rows.visible_teams(viewer, [OPEN], "901") == []


def test_quarantined_records_have_no_team_so_are_for_auditors_and_engineers_only():
    where = {"load_id": "L2", "rule": "date is after the extract date (2024-06-14)"}
    with pytest.raises(CaseRowsRefused, match="belong to no team"):
        case_rows.case_rows(TEAM_A_901, "quarantine", "901", page="Test", where=where)
    rows = case_rows.case_rows(AUDITOR, "quarantine", "901", page="Test", where=where,
                               columns=["source_row", "record_id"], order_by=["source_row"])
    assert rows.values.tolist() == [[7, "A100"], [8, "A101"]]


def test_filters_narrow_within_the_viewers_rows_only():
    assert people(TEAM_A_901, where={"team": ["Team A", "Team B"]}) == ["P001", "P002"]
    assert people(TEAM_A_901, where={"status": Excluding(["due soon"])}) == ["P001"]
    assert people(AUDITOR, where={"start_date": Between("2024-04-05", "2024-04-30")}) == ["P002", "P004"]
    assert people(AUDITOR, where={"team": []}) == []
    assert case_rows.visible_teams(TEAMS_B_X, [OPEN, "worklist_cwd_not_assessed"], "901") == ["Team B"]
    assert case_rows.visible_teams(AUDITOR, [OPEN, "worklist_cwd_not_assessed"], "901") == ["Team A", "Team B", "Team C"]


def test_only_case_level_tables_and_their_own_columns():
    with pytest.raises(ValueError, match="'authorities' is not a case-level table"):
        case_rows.case_rows(AUDITOR, "authorities", "901", page="Test")
    with pytest.raises(ValueError, match=r"has no column \['team; drop table x'\]"):
        case_rows.case_rows(AUDITOR, OPEN, "901", page="Test", where={"team; drop table x": "A"})
    # A details table not yet published reads as empty.
    assert case_rows.case_rows(AUDITOR, "icpc_details", "901", page="Test").empty


def test_a_plain_query_naming_a_case_level_table_is_refused():
    for sql in (f"select * from {OPEN}", "select record from quarantine",
                "select person_id from assessment_details", "SELECT * FROM Worklist_Cwd_Not_Assessed"):
        with pytest.raises(serving_db.CaseLevelQueryRefused, match="read through app.case_rows"):
            serving_db.query(sql)
    assert serving_db.query("select count(*) as n from authorities")["n"].tolist() == [2]


def test_no_module_but_case_rows_reads_case_level_tables_unchecked():
    readers = sorted(p.relative_to(APP).as_posix() for p in APP.rglob("*.py")
                     if "query_case_level" in p.read_text() and p.name != "serving_db.py")
    assert readers == ["case_rows.py"]


def test_every_read_is_logged_with_who_what_and_how_many(serving):
    case_rows.case_rows(TEAM_A_901, OPEN, "901", page="Work lists", where={"status": Excluding(["on track"])})
    case_rows.case_rows(AUDITOR, "quarantine", "901", page="Data quality", where={"load_id": "L2"})
    records, unreadable = access_log.read()
    assert unreadable == 0
    assert records.drop(columns=["at", "session"]).to_dict("records") == [
        {"user": "manager@test.example", "role": "manager", "action": "view", "page": "Work lists",
         "table": OPEN, "la_code": "901", "filters": {"status": {"not": ["on track"]}}, "rows": 2, "file_name": None},
        {"user": "auditor@test.example", "role": "auditor", "action": "view", "page": "Data quality",
         "table": "quarantine", "la_code": "901", "filters": {"load_id": "L2"}, "rows": 5, "file_name": None},
    ]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", at) for at in records["at"])
    assert oct(serving.stat().st_mode & 0o777) == "0o600"
    assert oct(serving.parent.stat().st_mode & 0o777) == "0o700"


def test_rows_are_not_returned_when_their_viewing_cannot_be_recorded(monkeypatch, tmp_path):
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("CSC_ACCESS_LOG_PATH", str(tmp_path / "a-file" / "access_log.jsonl"))
    with pytest.raises(AccessLogError, match="could not be written.*shown only when their viewing is recorded"):
        case_rows.case_rows(AUDITOR, OPEN, "901", page="Work lists")


def test_a_download_is_recorded_with_its_file_name(serving):
    rows = case_rows.case_rows(ENGINEER, OPEN, "902", page="Work lists")
    record = case_rows.download_recorder(ENGINEER, rows, page="Work lists", table=OPEN, la_code="902",
                                         where=None, file_name="worklist_open_assessments_902.csv")
    record()
    last = json.loads(serving.read_text().splitlines()[-1])
    assert (last["action"], last["rows"], last["file_name"]) == ("download", 1, "worklist_open_assessments_902.csv")
