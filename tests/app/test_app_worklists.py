"""Work lists: counts, team filter, the on-track switch, downloads, lists not yet published."""

from tests.app.conftest import element_values, metric_values

WORKLISTS = "views/worklists.py"
COUNT_TITLES = [
    "Due/overdue assessments", "S47s with no ICPC", "Disabled, not assessed",
    "No recent oversight", "Homeless, no s20 advice",
]


def counts(app) -> list[str]:
    shown = metric_values(app)
    return [shown[title] for title in COUNT_TITLES]


def test_counts_and_most_urgent_first_of_what_is_live_today(open_app, serving_database):
    app = open_app(serving_database, WORKLISTS)
    assert counts(app) == ["3", "2", "2", "2", "2"]
    assert "Assessments: 2 overdue, 1 due within 10 working days." in element_values(app, "caption")
    assessments, s47s, disabled, oversight, homeless = (frame.value for frame in app.dataframe)
    assert assessments["person_id"].tolist() == ["P001", "P004", "P002"]
    assert assessments["working_days_left"].tolist() == [-5, -1, 5]
    assert [str(day.date()) for day in assessments["due_date"]] == ["2024-06-07", "2024-06-13", "2024-06-21"]
    # Codes and flags in words; an empty cell is a dash on the page, never "None".
    assert assessments["status"].tolist() == ["Overdue", "Overdue", "Due soon"]
    assert assessments["disabled"].tolist() == ["Yes", "No", "No"]
    assert assessments["age_band"].tolist() == ["5-9", "16+", "10-15"]
    assert app.dataframe[0].proto.placeholder == "—"
    # The running enquiries; S3, ended with no conference yet, is on the full list only.
    assert s47s["s47_enquiry_id"].tolist() == ["S1", "S2"]
    # Never assessed / never overseen come first.
    assert disabled["person_id"].tolist() == ["P007", "P001"]
    assert oversight["person_id"].tolist() == ["P008", "P003"]
    # The presentations of the last 3 months (from 15 March 2024); H3, of November 2023, is history.
    assert homeless["presentation_id"].tolist() == ["H2", "H1"]
    assert homeless["outcome"].tolist() == ["Returned home", "Not decided yet"]
    assert "name" not in " ".join(assessments.columns)
    assert "Shown: the presentations of the last 3 months." in element_values(app, "caption")


def test_team_filter_and_the_full_lists(open_app, serving_database):
    app = open_app(serving_database, WORKLISTS)
    app.multiselect(key="worklist_teams").select("Team A").run()
    assert counts(app) == ["2", "1", "1", "1", "1"]
    assert app.dataframe[0].value["assessment_id"].tolist() == ["A1", "A2"]
    app.multiselect(key="worklist_teams").unselect("Team A").run()
    app.toggle(key="worklist_full_history").set_value(True).run()
    assert counts(app) == ["4", "3", "2", "2", "3"]
    assert app.dataframe[0].value["assessment_id"].tolist() == ["A1", "A4", "A2", "A3"]
    assert app.dataframe[1].value["s47_enquiry_id"].tolist() == ["S1", "S3", "S2"]
    assert app.dataframe[4].value["presentation_id"].tolist() == ["H3", "H2", "H1"]
    assert "Shown: every presentation of the history." in element_values(app, "caption")


def test_download_of_a_list_holds_ids_only(open_app, serving_database, downloaded_csv):
    app = open_app(serving_database, WORKLISTS)
    csv = downloaded_csv(app.download_button[1])
    assert csv.columns.tolist() == [
        "la_code", "as_at_date", "person_id", "s47_enquiry_id", "team", "worker_id", "age_band", "start_date",
        "conference_due_date", "working_days_since_start", "end_date",
    ]
    assert csv.values.tolist() == [
        ["901", "2024-06-14", "P005", "S1", "Team B", "W3", "10-15", "2024-05-01", "2024-05-22", "31", ""],
        ["901", "2024-06-14", "P006", "S2", "Team A", "W1", "1-4", "2024-05-20", "2024-06-11", "19", ""],
    ]


def test_other_authority_has_empty_lists(open_app, serving_database):
    app = open_app(serving_database, WORKLISTS)
    app.sidebar.selectbox(key="authority").select("902").run()
    assert counts(app) == ["1", "0", "0", "0", "0"]
    assert element_values(app, "success") == ["No cases on this list."] * 4


def test_lists_not_yet_published(open_app, serving_database_without_tracker):
    app = open_app(serving_database_without_tracker, WORKLISTS)
    assert element_values(app, "info") == [
        "No work lists are published in the serving database yet; they appear after a refresh that builds them."
    ]
