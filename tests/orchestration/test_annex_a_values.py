"""Annex A workbooks as authorities send them: sheets, title rows, headings and values in every
form the format knows, read to the same raw values; what cannot be read, and what it costs.

Each test writes a hand-worked workbook (annex_a_workbooks), loads the landing area and checks
the raw rows, the quarantine, the value notes and the ledger exactly.
"""

from __future__ import annotations

import datetime as dt
from datetime import date

from annex_a_workbooks import DAY, LA, Error, Formula, Rich, Styled, required_lists, sheet, write_annex_a
from snapshot_fixtures import query

from orchestration.landing_load import load_landing_area

D = date
NBSP = "\u00a0"


def load(paths):
    report = load_landing_area(paths, log=lambda message: None)
    return report


def rows(paths, sql: str) -> list[tuple]:
    return query(paths.warehouse_path, sql)


def ledger(paths) -> list[tuple]:
    return rows(
        paths,
        "SELECT table_name, sheet_name, rows_read, rows_loaded, rows_quarantined, status "
        "FROM audit.load_ledger ORDER BY table_name",
    )


def quarantined(paths) -> list[tuple]:
    return rows(
        paths,
        "SELECT table_name, source_sheet, source_row, record_id, column_name, heading, value, rule "
        "FROM audit.quarantine ORDER BY table_name, source_row, column_name, rule",
    )


def notes(paths) -> list[tuple]:
    return rows(
        paths,
        "SELECT table_name, source_sheet, source_row, record_id, column_name, heading, value, rule "
        "FROM audit.value_notes ORDER BY table_name, source_row, column_name",
    )


REFERRAL_HEADINGS = [
    "child unique id",
    "GENDER",
    "Ethnicity ",
    "DOB",
    "Age of Child (Years)",
    "Does the Child have a Disability?",
    f"Allocated{NBSP}Team",
    "Allocated Worker",
    "  Date of   Referral",
    "Referral NFA (Y/N)",
    "Number of Referrals in Last 12 Months",
    "Referral Source",
    "Notes",
]


def test_every_form_of_a_value_reads_as_the_same_raw_value(paths):
    referrals = sheet(
        "List 3 - Referrals",
        REFERRAL_HEADINGS,
        [
            [9212044, "a) Male", "a) WBRI", D(2015, 1, 2), 9, "No", "Team A", "Jane Smith",
             D(2024, 5, 1), "b) No", 1, "1A", "first"],
            ["9212045.0", "1 - Male", "(A.A1) White - British", "03/04/2012", 12, "HAND",
             "Team A", "Jane Smith", "02/05/2024", "Yes", "2", "a) 1A: Individual", None],
            [f" DfEX0000001{NBSP}", "F", "k) APKN", "2012-04-03", None, "Yes", "Team B", None,
             "3/5/24", "Y", None, None, None],
            [],  # a fully empty row: skipped, and the numbering goes on as Excel's does
            ["DfEX0000002", "b) Female", "APKN", dt.datetime(2012, 4, 3, 10, 30), None, "NOBT",
             "Team B", None, "2024-05-04 09:15:00", True, None, None, None],
            ["DfEX0000003", "c) Not stated/recorded", "unknown", None, None, "Unknown", None,
             None, "45420", "1 - Yes", None, None, None],
            ["DfEX0000004", "d) Neither", "WBRI", None, None, "a) Yes", None, None, 45421,
             "c) Unknown", None, None, None],
            ["DfEX0000005", "Unborn", "WBRI", D(2024, 9, 1), None, "0", None, None,
             Formula("=DATE(2024,5,10)", saved=D(2024, 5, 10)), "N/A", None, None, None],
            ["DfEX0000006", Error("#N/A"), "NULL", None, None, "-", None, None,
             "10/05/2024 14:30", "  ", None, None, None],
        ],
        above=[["Annex A: List 3 - Referrals in the six months to 30/06/2024"], [], ["Prepared by"]],
    )
    write_annex_a(paths.landing_dir, required_lists(list_3=referrals))

    [attempt] = load(paths).attempts

    assert attempt.status == "loaded"
    assert rows(
        paths,
        "SELECT source_sheet, source_row, child_id, sex, ethnicity, date_of_birth, disability, "
        "team, referral_date, referral_nfa, referrals_last_12_months, referral_source "
        "FROM raw.annex_a_list_3 ORDER BY source_row",
    ) == [
        ("List 3 - Referrals", 5, "9212044", "M", "WBRI", D(2015, 1, 2), "NONE", "Team A",
         D(2024, 5, 1), False, 1, "1A"),
        ("List 3 - Referrals", 6, "9212045", "M", "WBRI", D(2012, 4, 3), "HAND", "Team A",
         D(2024, 5, 2), True, 2, "1A"),
        ("List 3 - Referrals", 7, "DfEX0000001", "F", "APKN", D(2012, 4, 3), "YES", "Team B",
         D(2024, 5, 3), True, None, None),
        ("List 3 - Referrals", 9, "DfEX0000002", "F", "APKN", D(2012, 4, 3), "NOT_KNOWN",
         "Team B", D(2024, 5, 4), True, None, None),
        ("List 3 - Referrals", 10, "DfEX0000003", "U", "NOBT", None, "NOT_KNOWN", None,
         D(2024, 5, 8), True, None, None),
        ("List 3 - Referrals", 11, "DfEX0000004", "I", "WBRI", None, "YES", None,
         D(2024, 5, 9), None, None, None),
        ("List 3 - Referrals", 12, "DfEX0000005", "U", "WBRI", D(2024, 9, 1), "NONE", None,
         D(2024, 5, 10), None, None, None),
        ("List 3 - Referrals", 13, "DfEX0000006", None, None, None, None, None,
         D(2024, 5, 10), None, None, None),
    ]
    # Unknown headings (and Age, worked out again from the date of birth) are kept as delivered.
    assert rows(
        paths, "SELECT extra_columns FROM raw.annex_a_list_3 ORDER BY source_row LIMIT 2"
    ) == [
        ({"Age of Child (Years)": "9", "Notes": "first"},),
        ({"Age of Child (Years)": "12", "Notes": None},),
    ]
    assert quarantined(paths) == [] and notes(paths) == []
    assert ledger(paths) == [
        ("annex_a_list_3", "List 3 - Referrals", 8, 8, 0, "loaded"),
        ("annex_a_list_4", "List 4", 0, 0, 0, "loaded"),
        ("annex_a_list_5", "List 5", 0, 0, 0, "loaded"),
    ]


def test_a_sheet_is_a_list_by_its_name_and_others_are_named_in_the_notes(paths):
    def a_list(name: str, date_heading: str) -> object:
        return sheet(name, ["Child ID", date_heading], [["C1", D(2024, 5, 1)]])

    write_annex_a(
        paths.landing_dir,
        [
            sheet("Cover", ["Annex A", "for Ofsted"]),
            a_list("list3", "Date of Referral"),
            a_list("List 4 - Assessments", "Assessment Start Date"),
            a_list("L5", "S47 Start Date"),
            a_list("LIST_10", "Date of Decision that Child Should be Placed for Adoption"),
            a_list(f"L{NBSP}1", "Date of Contact"),
            sheet("Pivot", ["Team", "Count"], [["Team A", 3]]),
        ],
    )

    [attempt] = load(paths).attempts

    assert attempt.status == "loaded"
    assert [(t, s, read, loaded) for t, s, read, loaded, _, _ in ledger(paths)] == [
        ("annex_a_list_1", f"L{NBSP}1", 1, 1),
        ("annex_a_list_10", "LIST_10", 1, 1),
        ("annex_a_list_3", "list3", 1, 1),
        ("annex_a_list_4", "List 4 - Assessments", 1, 1),
        ("annex_a_list_5", "L5", 1, 1),
    ]
    assert rows(paths, "SELECT kind, notes FROM audit.snapshot_loads") == [
        ("annex_a", "sheets that are not lists, ignored: 'Cover' and 'Pivot'")
    ]
    assert rows(paths, "SELECT child_id, adoption_decision_date FROM raw.annex_a_list_10") == [
        ("C1", D(2024, 5, 1))
    ]


ASSESSMENT_HEADINGS = [
    "Child Unique ID",
    "Gender",
    "Continuous Assessment Start Date",
    "Child Seen During Continuous Assessment",
    "Continuous Assessment Date of Authorisation",
]


def test_a_required_value_costs_the_row_and_an_unreadable_optional_one_is_noted(paths):
    assessments = sheet(
        "List 4",
        ASSESSMENT_HEADINGS,
        [
            ["C1", "M", Error("#N/A"), "Y", None],                       # 2: required #N/A
            ["C2", "M", D(2024, 5, 1), "CS Assessment Updated", None],   # 3: noted, loads
            ["C3", "M", D(2024, 5, 1), Error("#N/A"), "not a date"],      # 4: #N/A optional: empty
            ["C4", "M", D(2024, 5, 2), "Y", D(2024, 4, 1)],               # 5: end before start
            ["C5", "M", D(2024, 7, 1), "Y", None],                       # 6: after the extract
            ["C6", "M", D(2024, 5, 3), "Y", None],                       # 7, 8: duplicates
            ["C6", "F", D(2024, 5, 3), "N", None],
            [None, "M", D(2024, 5, 3), "Y", None],                       # 9: no child id
            ["C7", "X", D(2024, 5, 4), "Y", D(2024, 5, 20)],              # 10: noted, loads
        ],
    )
    write_annex_a(paths.landing_dir, required_lists(list_4=assessments))

    [attempt] = load(paths).attempts

    assert attempt.status == "loaded"
    assert rows(
        paths,
        "SELECT source_row, child_id, sex, assessment_start_date, child_seen, "
        "assessment_authorised_date FROM raw.annex_a_list_4 ORDER BY source_row",
    ) == [
        (3, "C2", "M", D(2024, 5, 1), None, None),
        (4, "C3", "M", D(2024, 5, 1), None, None),
        (10, "C7", None, D(2024, 5, 4), True, D(2024, 5, 20)),
    ]
    start = "Continuous Assessment Start Date"
    duplicate = (
        "the same child_id, assessment_start_date as another row of the list (a duplicate): "
        "every copy is quarantined"
    )
    assert quarantined(paths) == [
        ("annex_a_list_4", "List 4", 2, "C1", "assessment_start_date", start, "#N/A",
         "required value is empty"),
        ("annex_a_list_4", "List 4", 5, "C4", "assessment_authorised_date",
         "Continuous Assessment Date of Authorisation", "2024-04-01",
         "end date is before its start date (assessment_start_date)"),
        ("annex_a_list_4", "List 4", 6, "C5", "assessment_start_date", start, "2024-07-01",
         "date is after the extract date (2024-06-30)"),
        ("annex_a_list_4", "List 4", 7, "C6", "child_id", "Child Unique ID", "C6", duplicate),
        ("annex_a_list_4", "List 4", 8, "C6", "child_id", "Child Unique ID", "C6", duplicate),
        ("annex_a_list_4", "List 4", 9, None, "child_id", "Child Unique ID", None,
         "required value is empty"),
    ]
    assert notes(paths) == [
        ("annex_a_list_4", "List 4", 3, "C2", "child_seen",
         "Child Seen During Continuous Assessment", "CS Assessment Updated",
         "not a yes/no answer (expected Yes or No: Y/N, 1/0, True/False and a) Yes also do)"),
        ("annex_a_list_4", "List 4", 4, "C3", "assessment_authorised_date",
         "Continuous Assessment Date of Authorisation", "not a date",
         "not a date (expected a date cell, or text as DD/MM/YYYY, D/M/YY or YYYY-MM-DD, or "
         "an Excel serial number)"),
        ("annex_a_list_4", "List 4", 10, "C7", "sex", "Gender", "X",
         "not one of the sex (M, F, U, I), in any of the forms a workbook writes them"),
    ]
    assert ledger(paths)[1] == ("annex_a_list_4", "List 4", 9, 3, 6, "loaded")
    [(loaded, quarantined_rows)] = rows(
        paths, "SELECT rows_loaded, rows_quarantined FROM audit.snapshot_loads"
    )
    assert (loaded, quarantined_rows) == (3, 6)


def test_a_formula_is_read_as_its_saved_value(paths):
    assessments = sheet(
        "List 4",
        ASSESSMENT_HEADINGS,
        [
            ["C1", "M", D(2024, 5, 1), "Y", Formula("=C2+5", saved=D(2024, 5, 6))],
            ["C2", "M", Formula("=DATE(2024,5,2)", saved=D(2024, 5, 2)), Formula('="Y"', saved="Y"),
             Error("#DIV/0!")],
        ],
    )
    write_annex_a(paths.landing_dir, required_lists(list_4=assessments))

    load(paths)

    assert rows(
        paths,
        "SELECT child_id, assessment_start_date, child_seen, assessment_authorised_date "
        "FROM raw.annex_a_list_4 ORDER BY source_row",
    ) == [("C1", D(2024, 5, 1), True, D(2024, 5, 6)), ("C2", D(2024, 5, 2), True, None)]
    assert quarantined(paths) == [] and notes(paths) == []


def test_a_formula_without_a_saved_value_is_empty_and_noted_never_a_crash(paths):
    assessments = sheet(
        "List 4",
        ASSESSMENT_HEADINGS,
        [
            ["C1", "M", D(2024, 5, 1), "Y", Formula("=C2+5")],
            ["C2", "M", Formula("=DATE(2024,5,2)"), "Y", None],
        ],
    )
    write_annex_a(paths.landing_dir, required_lists(list_4=assessments))  # openpyxl: no values

    [attempt] = load(paths).attempts

    assert attempt.status == "loaded"
    unsaved = "a formula with no saved value (the workbook was saved without being calculated): read as empty"
    assert rows(
        paths,
        "SELECT child_id, assessment_start_date, assessment_authorised_date FROM raw.annex_a_list_4",
    ) == [("C1", D(2024, 5, 1), None)]
    assert notes(paths) == [
        ("annex_a_list_4", "List 4", 2, "C1", "assessment_authorised_date",
         "Continuous Assessment Date of Authorisation", "=C2+5", unsaved),
    ]
    assert quarantined(paths) == [
        ("annex_a_list_4", "List 4", 3, "C2", "assessment_start_date",
         "Continuous Assessment Start Date", "=DATE(2024,5,2)", unsaved),
        ("annex_a_list_4", "List 4", 3, "C2", "assessment_start_date",
         "Continuous Assessment Start Date", "=DATE(2024,5,2)", "required value is empty"),
    ]


def test_no_cell_type_crashes_the_load_and_every_row_is_accounted_for(paths):
    long_text = "x" * 32_000
    assessments = sheet(
        "List 4",
        ASSESSMENT_HEADINGS,
        [
            ["C1", True, D(2024, 5, 1), True, dt.datetime(2024, 5, 3, 16, 45)],
            ["C2", 1, dt.datetime(2024, 5, 1, 9, 0), 1.0, dt.time(9, 30)],
            ["C3", 2.5, Styled(45413.25, "dd/mm/yyyy hh:mm"), False, Styled(1.5, "[h]:mm")],
            [Rich(("C", "4")), long_text, D(2024, 5, 1), Rich(("Y", "es")), None],
            ["C5", "M", D(2024, 5, 1), Error("#REF!"), Error("#VALUE!")],
            ["merged", None, None, None, None],
        ],
        merged=["A7:E7"],
    )
    cin = sheet("List 6", ["Child ID", "CIN Start Date"], [["C1", D(2024, 1, 1)]], hidden=True)
    write_annex_a(paths.landing_dir, required_lists(list_4=assessments, list_6=cin))

    [attempt] = load(paths).attempts

    assert attempt.status == "loaded"
    assert rows(
        paths,
        "SELECT source_row, child_id, sex, assessment_start_date, child_seen, "
        "assessment_authorised_date FROM raw.annex_a_list_4 ORDER BY source_row",
    ) == [
        (2, "C1", None, D(2024, 5, 1), True, D(2024, 5, 3)),
        (3, "C2", "M", D(2024, 5, 1), True, None),
        (4, "C3", None, D(2024, 5, 1), False, None),
        (5, "C4", None, D(2024, 5, 1), True, None),
        (6, "C5", "M", D(2024, 5, 1), None, None),
    ]
    assert [(row, column, value[:20]) for _, _, row, _, column, _, value, _ in notes(paths)] == [
        (2, "sex", "TRUE"),
        (3, "assessment_authorised_date", "09:30:00"),
        (4, "assessment_authorised_date", "1 day, 12:00:00"),
        (4, "sex", "2.5"),
        (5, "sex", "x" * 20),
    ]
    assert [(row, column, rule) for _, _, row, _, column, _, _, rule in quarantined(paths)] == [
        (7, "assessment_start_date", "required value is empty"),
    ]
    for table, _, read, loaded, quarantined_rows, status in ledger(paths):
        assert read == loaded + quarantined_rows, table
    assert ledger(paths)[1:3] == [
        ("annex_a_list_4", "List 4", 6, 5, 1, "loaded"),
        ("annex_a_list_5", "List 5", 0, 0, 0, "loaded"),
    ]
    assert rows(paths, "SELECT notes FROM audit.snapshot_loads") == [
        ("hidden sheets loaded as lists: 'List 6'",)
    ]


def test_every_list_loads_typed_and_traceable(paths):
    lists = required_lists(
        list_1=sheet("List 1", ["Child ID", "Date of Contact", "Contact Source"],
                     [["C1", D(2024, 2, 1), "5D"]]),
        list_2=sheet("List 2", ["Child ID", "Assessment start date", "Assessment completion date",
                                "Organisation completing assessment"],
                     [["C1", D(2024, 2, 1), D(2024, 3, 1), "School"]]),
        list_7=sheet("List 7", ["Child ID", "Child Protection Plan Start Date",
                                "Initial Category of Abuse", "Latest Category of Abuse",
                                "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
                                "Number of Previous Child Protection Plans"],
                     [["C1", D(2024, 2, 1), "a) Neglect", "EMO", D(2024, 6, 20), "Yes", 0]]),
        list_8=sheet("List 8", ["Child ID", "Date Started to be Looked After",
                                "Child's Legal Status", "Placement Type"],
                     [["C1", D(2023, 2, 1), "C2", "U4 Foster placement"]]),
        list_9=sheet("List 9", ["Child ID", "Accommodation"], [["C1", "Independent living"]]),
        list_11=sheet("List 11", ["Individual adopter identifier", "Date enquiry received",
                                  "Date Stage 1 started", "Date Stage 1 ended"],
                      [[7001, D(2024, 1, 5), D(2024, 2, 1), D(2024, 1, 1)],
                       ["A2", D(2024, 1, 6), D(2024, 2, 1), D(2024, 3, 1)]]),
    )
    write_annex_a(paths.landing_dir, lists)

    load(paths)

    assert rows(paths, "SELECT child_id, contact_date, contact_source FROM raw.annex_a_list_1") == [
        ("C1", D(2024, 2, 1), "5D")
    ]
    assert rows(
        paths,
        "SELECT early_help_start_date, early_help_completion_date, organisation "
        "FROM raw.annex_a_list_2",
    ) == [(D(2024, 2, 1), D(2024, 3, 1), "School")]
    assert rows(
        paths,
        "SELECT initial_category, latest_category, last_statutory_visit_date, seen_alone, "
        "previous_cp_plans FROM raw.annex_a_list_7",
    ) == [("NEG", "EMO", D(2024, 6, 20), True, 0)]
    assert rows(paths, "SELECT legal_status, placement_type FROM raw.annex_a_list_8") == [
        ("C2", "U4 Foster placement")
    ]
    assert rows(paths, "SELECT child_id, extra_columns FROM raw.annex_a_list_9") == [
        ("C1", {"Accommodation": "Independent living"})
    ]
    assert rows(paths, "SELECT adopter_id, source_row FROM raw.annex_a_list_11") == [("A2", 3)]
    assert [(table, row, record, rule) for table, _, row, record, _, _, _, rule in quarantined(paths)] == [
        ("annex_a_list_11", 2, "7001", "end date is before its start date (stage_1_start_date)")
    ]
    assert rows(
        paths,
        "SELECT DISTINCT source_file FROM raw.annex_a_list_7",
    ) == [(f"{LA}/{DAY}/annex_a.xlsx",)]
