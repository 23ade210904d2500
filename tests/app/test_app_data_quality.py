"""Data quality: loads, the ledger of one load, quarantine counts by rule and the rows behind."""

import datetime as dt

import duckdb

from tests.app.conftest import element_values
from tests.app.serving_fixture import INVALID_DATE, build_serving_database


def test_loads_ledger_and_quarantine_of_the_current_load(open_app, serving_database):
    app = open_app(serving_database, "views/data_quality.py")
    freshness, loads, ledger, by_rule, behind = (frame.value for frame in app.dataframe)
    assert freshness[["la_code", "extract_date", "is_stale", "is_current"]].astype(str).values.tolist() == [
        ["901", "2024-06-14", "Stale", "Yes"], ["901", "2024-05-31", "Fresh", "No"], ["902", "2024-05-31", "Fresh", "Yes"],
    ]
    assert loads[["la_code", "status", "rows_quarantined"]].values.tolist() == [
        ["901", "loaded", 5], ["902", "rejected", 0], ["901", "loaded", 1], ["902", "loaded", 2],
    ]
    assert element_values(app, "warning") == [
        "Stale: LA 901, extract 14 Jun 2024. Its newest activity, an assessment dated 16 May 2024, is 20 "
        "working days before its extract date of 14 June 2024 (more than 10): it may be an old export "
        "delivered under a new date.",
        "Rejected: LA 902, extract 7 Jun 2024. ssd_person.csv has no column pers_dob, which is required.",
    ]
    assert ledger[["table_name", "rows_read", "rows_loaded", "rows_quarantined"]].values.tolist() == [
        ["ssd_cin_assessments", 800, 797, 3], ["ssd_cin_episodes", 900, 900, 0], ["ssd_person", 1000, 998, 2],
    ]
    assert by_rule.values.tolist() == [
        ["ssd_cin_assessments", "date is after the extract date (2024-06-14)", 2],
        ["ssd_cin_assessments", "child is not in ssd_person, or its row there was quarantined", 1],
        ["ssd_person", INVALID_DATE, 1],
        ["ssd_person", "not one of the sex codes: M, F, U", 1],
    ]
    assert behind["source_row"].tolist() == [7, 8]
    assert behind["value"].tolist() == ["2024-07-01", "2024-06-30"]


def test_choosing_a_rule_shows_its_rows_with_identifiers_withheld(open_app, serving_database):
    app = open_app(serving_database, "views/data_quality.py")
    app.selectbox(key="quarantine_rule_L2").select_index(2).run()
    behind = app.dataframe[4].value
    assert behind[["source_row", "record_id", "column_name"]].values.tolist() == [[14, "P100", "pers_dob"]]
    assert behind["value"].isna().tolist() == [True]


def test_the_other_authority_opens_on_its_own_current_load(open_app, serving_database):
    app = open_app(serving_database, "views/data_quality.py")
    app.sidebar.selectbox(key="authority").select("902").run()
    ledger, by_rule = app.dataframe[2].value, app.dataframe[3].value
    assert ledger[["table_name", "rows_read", "rows_loaded", "rows_quarantined"]].values.tolist() == [
        ["ssd_cin_episodes", 500, 498, 2]
    ]
    assert by_rule.values.tolist() == [["ssd_cin_episodes", INVALID_DATE, 2]]


def test_a_rejected_load_has_its_file_and_no_quarantine(open_app, serving_database):
    app = open_app(serving_database, "views/data_quality.py")
    app.selectbox(key="quality_load_901").select_index(1).run()
    ledger = app.dataframe[2].value
    assert ledger[["table_name", "status", "message"]].values.tolist() == [
        ["ssd_person", "rejected", "ssd_person.csv has no column pers_dob, which is required."]
    ]
    assert element_values(app, "success") == ["No row of this load was quarantined."]


def test_deliveries_the_landing_folder_holds_but_cannot_load_are_shown(open_app, tmp_path):
    path = build_serving_database(tmp_path / "serving.duckdb")
    waiting = ("903/2024-06-14 has no _SUCCESS file and has not changed since 2024-06-12 08:00 UTC, "
               "more than 24 hours ago: it is not loaded until the export writes _SUCCESS last.")
    linked = "904 is a symbolic link (to /mnt/elsewhere): links in the landing folder are not followed."
    connection = duckdb.connect(str(path))
    connection.executemany("insert into landing_notices values (?, ?, ?, ?, ?)", [
        ["903/2024-06-14", "903", "waiting", waiting, dt.datetime(2024, 6, 12, 8)],
        ["904", "904", "link", linked, None],
    ])
    connection.close()
    app = open_app(path, "views/data_quality.py")
    assert element_values(app, "warning")[:2] == [
        f"Delivery not complete: {waiting}", f"Not loaded: {linked}",
    ]
    assert "Deliveries in the landing folder that are not loaded" in element_values(app, "subheader")


def test_values_a_workbook_could_not_give_are_shown_by_rule_with_their_cells(open_app, tmp_path):
    path = build_serving_database(tmp_path / "serving.duckdb")
    unreadable = "not a yes/no answer (expected Yes or No: Y/N, 1/0, True/False and a) Yes also do)"
    connection = duckdb.connect(str(path))
    connection.execute(
        "create table value_notes (load_id VARCHAR, la_code VARCHAR, snapshot_date DATE, "
        "table_name VARCHAR, source_file VARCHAR, source_sheet VARCHAR, source_row BIGINT, "
        "record_id VARCHAR, column_name VARCHAR, heading VARCHAR, value VARCHAR, rule VARCHAR)"
    )
    connection.executemany("insert into value_notes values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        ["L2", "901", dt.date(2024, 6, 14), "annex_a_list_4", "901/2024-06-14/annex_a.xlsx", "List 4",
         row, f"C{row}", "child_seen", "Child Seen During Continuous Assessment", "(withheld)", unreadable]
        for row in (12, 40)
    ])
    connection.close()
    app = open_app(path, "views/data_quality.py")
    assert "Values this load could not read, by rule" in element_values(app, "subheader")
    counts, behind = app.dataframe[-2].value, app.dataframe[-1].value  # the page's last two tables
    assert counts.values.tolist() == [["annex_a_list_4", unreadable, 2]]
    assert behind[["source_sheet", "source_row", "record_id", "heading"]].values.tolist() == [
        ["List 4", 12, "C12", "Child Seen During Continuous Assessment"],
        ["List 4", 40, "C40", "Child Seen During Continuous Assessment"],
    ]


def test_the_page_opens_with_what_the_held_back_rows_mean_for_the_figures(open_app, serving_database):
    app = open_app(serving_database, "views/data_quality.py")
    assert element_values(app, "subheader")[0] == "What the held-back rows mean for the figures"
    said = [m for m in element_values(app, "markdown") if m.startswith("- ")]
    # The ledger: 3 assessments and 2 children held back; two figures read ssd_cin_assessments.
    assert said == [
        "- 3 assessments were left out of 2 figures (2 because they are dated after the extract date "
        "and 1 because the child they name is not in the extract, or was held back).",
        "- 2 children were left out of every figure, with all their records (1 because their dates "
        "could not be read and 1 because they hold a code that is not on its list).",
    ]
    assert ("Figures affected: Assessments completed within 45 working days; Median working days to "
            "complete an assessment.") in element_values(app, "caption")
