"""Deliveries held for review and what deliveries leave out (issue 13, items 2 and 3), as the
app shows them: the data quality page says what was held, why and how to use it; a work list
an authority cannot have says why, never "no cases"."""

from __future__ import annotations

import datetime as dt

import duckdb

from tests.app.conftest import element_values
from tests.app.serving_fixture import build_serving_database

HELD_MESSAGE = (
    "ssd_person: 54 of 60 rows (90%) quarantined; more than 5% held the delivery for review"
)


def with_rows(tmp_path, statements: list[tuple[str, list]]):
    """The fixture's serving database with more rows (and tables) of its own."""
    path = build_serving_database(tmp_path / "serving.duckdb")
    connection = duckdb.connect(str(path))
    try:
        for sql, rows in statements:
            if rows:
                connection.executemany(sql, rows)
            else:
                connection.execute(sql)
    finally:
        connection.close()
    return path


HELD_LOAD = (
    "insert into snapshot_loads values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [["L9", "901", dt.date(2024, 6, 30), "held", HELD_MESSAGE, 12, 600, 60, 540,
      dt.datetime(2024, 7, 1, 6), dt.datetime(2024, 7, 1, 6, 1), "run-0043", "ssd"]],
)
ACCEPTANCES = (
    "create table held_acceptances (load_id VARCHAR, la_code VARCHAR, snapshot_date DATE, "
    "accepted_by VARCHAR, accepted_through VARCHAR, accepted_at TIMESTAMP, run_id VARCHAR, "
    "held_message VARCHAR)",
    [],
)


def test_a_held_delivery_says_why_what_is_in_use_and_how_to_use_it(open_app, tmp_path):
    path = with_rows(tmp_path, [HELD_LOAD, ACCEPTANCES])
    app = open_app(path, "views/data_quality.py")
    assert element_values(app, "error") == [
        f"Held for review: LA 901, extract 30 Jun 2024. {HELD_MESSAGE}. It is loaded for checking "
        "but not used: the figures are still those of the extract of 14 Jun 2024. Once it has been "
        "checked, an operator can use it with `make refresh ACCEPT=901/2024-06-30` (or the refresh "
        "job's run config `accept_held: [901/2024-06-30]`)."
    ]
    assert element_values(app, "info") == []


def test_the_overview_says_first_that_the_latest_delivery_is_held(open_app, tmp_path):
    path = with_rows(tmp_path, [HELD_LOAD, ACCEPTANCES])
    app = open_app(path)
    assert app.main[0].value == (
        "**The latest delivery is held for review.** The delivery with extract date 30 Jun 2024, "
        f"received 1 Jul 2024 06:01, is held for review: {HELD_MESSAGE}. It is loaded for checking "
        "but not used until it has been checked and accepted. The figures below are still those of "
        "the extract of 14 Jun 2024."
    )


def test_an_accepted_delivery_says_who_accepted_it_and_why_it_was_held(open_app, tmp_path):
    accepted = (
        "insert into held_acceptances values (?, ?, ?, ?, ?, ?, ?, ?)",
        [["L2", "901", dt.date(2024, 6, 14), "Jo Bloggs", "run config accepted_by",
          dt.datetime(2024, 6, 15, 9, 30), "run-0042", HELD_MESSAGE]],
    )
    app = open_app(with_rows(tmp_path, [ACCEPTANCES, accepted]), "views/data_quality.py")
    assert element_values(app, "error") == []
    assert element_values(app, "info") == [
        "Accepted after review: LA 901, extract 14 Jun 2024, by Jo Bloggs on 15 Jun 2024 09:30. "
        f"It had been held: {HELD_MESSAGE}."
    ]


def test_a_held_delivery_of_an_authority_without_figures_says_so(open_app, tmp_path):
    new_authority = (
        "insert into snapshot_loads values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [["L9", "903", dt.date(2024, 6, 30), "held", HELD_MESSAGE, 12, 600, 60, 540,
          dt.datetime(2024, 7, 1, 6), dt.datetime(2024, 7, 1, 6, 1), "run-0043", "ssd"]],
    )
    app = open_app(with_rows(tmp_path, [new_authority, ACCEPTANCES]), "views/data_quality.py")
    assert element_values(app, "error") == [
        f"Held for review: LA 903, extract 30 Jun 2024. {HELD_MESSAGE}. It is loaded for checking "
        "but not used: the authority has no figures until a delivery is in use. Once it has been "
        "checked, an operator can use it with `make refresh ACCEPT=903/2024-06-30` (or the refresh "
        "job's run config `accept_held: [903/2024-06-30]`)."
    ]


def test_a_serving_database_from_before_holds_shows_no_acceptances(open_app, serving_database):
    # Published before held_acceptances existed: the page says nothing about acceptances.
    app = open_app(serving_database, "views/data_quality.py")
    assert element_values(app, "error") == []
    assert element_values(app, "info") == []


def test_the_columns_a_delivery_left_out_are_listed_with_what_that_means(open_app, tmp_path):
    absent = [
        ("create table absent_columns (load_id VARCHAR, la_code VARCHAR, snapshot_date DATE, "
         "table_name VARCHAR, column_name VARCHAR)", []),
        ("insert into absent_columns values (?, ?, ?, ?, ?)", [
            ["L2", "901", dt.date(2024, 6, 14), "ssd_cin_assessments", "cina_assessment_auth_date"],
            ["L2", "901", dt.date(2024, 6, 14), "ssd_person", "pers_upn"],
            ["L2", "901", dt.date(2024, 6, 14), "ssd_person", "pers_gender"],
            # Another load's: not this one's.
            ["L1", "901", dt.date(2024, 5, 31), "ssd_cin_plans", "cinp_cin_plan_end_date"],
        ]),
    ]
    app = open_app(with_rows(tmp_path, absent), "views/data_quality.py")
    listed = [m for m in element_values(app, "markdown") if m.startswith("Columns this delivery left out")]
    assert listed == [
        "Columns this delivery left out: ssd_cin_assessments: cina_assessment_auth_date; "
        "ssd_person: pers_gender, pers_upn."
    ]
    assert (
        "A column an authority has never sent reads as empty. One it sent before and left out "
        "here is not read as empty: the measures and work lists that need it say \"not "
        "available\" and why."
    ) in element_values(app, "caption")


def test_left_out_columns_are_named_by_where_the_format_delivers_them(open_app, tmp_path):
    # Published with delivered_in (the words of the format's table): an Annex A list is named
    # by its title, not by its raw table's name.
    absent = [
        ("create table absent_columns (load_id VARCHAR, la_code VARCHAR, snapshot_date DATE, "
         "table_name VARCHAR, column_name VARCHAR, delivered_in VARCHAR)", []),
        ("insert into absent_columns values (?, ?, ?, ?, ?, ?)", [
            ["L2", "901", dt.date(2024, 6, 14), "annex_a_list_4", "assessment_authorised_date",
             "List 4 (assessments) of annex_a.xlsx"],
            ["L2", "901", dt.date(2024, 6, 14), "annex_a_list_1", "gender",
             "List 1 (contacts) of annex_a.xlsx"],
        ]),
    ]
    app = open_app(with_rows(tmp_path, absent), "views/data_quality.py")
    listed = [m for m in element_values(app, "markdown") if m.startswith("Columns this delivery left out")]
    assert listed == [
        "Columns this delivery left out: List 1 (contacts) of annex_a.xlsx: gender; "
        "List 4 (assessments) of annex_a.xlsx: assessment_authorised_date."
    ]


def test_a_load_that_left_nothing_out_lists_no_columns(open_app, tmp_path):
    absent = [("create table absent_columns (load_id VARCHAR, la_code VARCHAR, snapshot_date DATE, "
               "table_name VARCHAR, column_name VARCHAR)", [])]
    app = open_app(with_rows(tmp_path, absent), "views/data_quality.py")
    assert [m for m in element_values(app, "markdown") if m.startswith("Columns this delivery")] == []


DROPPED_AUTH_DATE = (
    "Not available: the SSD extract of 14 June 2024 left out cina_assessment_auth_date of "
    "ssd_cin_assessments.csv, which earlier deliveries had (a column left out is not read as empty)."
)
NO_CASE_NOTES = "Not available: the SSD extract of 14 June 2024 has no ext_case_notes.csv."


def test_a_work_list_the_authority_cannot_have_says_why_never_no_cases(open_app, tmp_path):
    availability = [
        ("create table worklist_availability (la_code VARCHAR, worklist VARCHAR, "
         "available BOOLEAN, unavailable_reason VARCHAR)", []),
        ("insert into worklist_availability values (?, ?, ?, ?)", [
            ["901", "worklist_open_assessments", False, DROPPED_AUTH_DATE],
            ["901", "worklist_s47_without_icpc", True, None],
            ["901", "worklist_cwd_not_assessed", True, None],
            ["901", "worklist_oversight_overdue", False, NO_CASE_NOTES],
            ["901", "worklist_homeless_without_s20_advice", True, None],
            ["902", "worklist_s47_without_icpc", False, NO_CASE_NOTES],
        ]),
        # A list that is not available has no rows (macro worklist_is_available).
        ("delete from worklist_open_assessments where la_code = '901'", []),
        ("delete from worklist_oversight_overdue where la_code = '901'", []),
    ]
    app = open_app(with_rows(tmp_path, availability), "views/worklists.py")
    assert element_values(app, "warning") == [DROPPED_AUTH_DATE, NO_CASE_NOTES]
    assert element_values(app, "success") == []
    # The counts say "not available", not 0; the lists it can have keep their cases.
    assert [(m.label, m.value) for m in app.metric] == [
        ("Due/overdue assessments", "not available"),
        ("S47s with no ICPC", "2"),
        ("Disabled, not assessed", "2"),
        ("No recent oversight", "not available"),
        ("Homeless, no s20 advice", "2"),
    ]
    assert [frame.value.shape[0] for frame in app.dataframe] == [2, 2, 2]


def test_a_measure_resting_on_a_delivery_that_dropped_a_column_says_why(open_app, tmp_path):
    june = dt.date(2024, 6, 1)
    dropped = [
        ("update metric_availability set available = false, unavailable_reason = ? "
         "where la_code = '901' and metric_id = 'assessment_within_45wd' and period_grain = 'month' "
         "and period_start = ?", [[DROPPED_AUTH_DATE, june]]),
        # An unavailable period has no figures (never 0), in any table of them.
        *((f"delete from {table} where la_code = '901' and metric_id = 'assessment_within_45wd' "
           "and period_grain = 'month' and period_start = ?", [[june]])
          for table in ("metric_values", "metric_values_whole_authority")),
    ]
    app = open_app(with_rows(tmp_path, dropped), "views/explorer.py")
    app.selectbox(key="explorer_metric").select("assessment_within_45wd").run()
    # The months before it, from deliveries with the column, keep their figures.
    assert element_values(app, "info") == [f"No figures for Jun 2024: {DROPPED_AUTH_DATE}"]
    shown = app.dataframe[0].value.reset_index(drop=True)
    assert shown["period"].tolist() == ["Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024", "May 2024"]
