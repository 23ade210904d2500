"""The work lists and detail tables on the hand-made authorities (see test_dbt_metric_values.py
for the story of authority 990, extract date Monday 2023-05-15)."""

from datetime import date


def test_open_assessments(warehouse):
    # A09 started 2023-02-13: 61 working days by 2023-05-15 (1 and 8 May are bank holidays).
    assert warehouse.query(
        "select la_code, as_at_date, person_id, team, assessment_id, working_days_elapsed, "
        "working_days_left, status, disabled, age_band from marts.worklist_open_assessments "
        "where la_code = '990'"
    ) == [("990", date(2023, 5, 15), "C02", "Assessment Team 2", "A09", 61, -16, "overdue", False, "10-15")]


def test_s47_without_conference(warehouse):
    # S06 started 2023-04-03 and is still running after 26 working days. S04 ended NFA; the
    # others have conferences.
    assert warehouse.query(
        "select s47_enquiry_id, person_id, team, end_date, working_days_since_start "
        "from marts.worklist_s47_without_icpc where la_code = '990'"
    ) == [("S06", "C10", "Assessment Team 1", None, 26)]


def test_disabled_children_not_assessed(warehouse):
    # C06, last assessed 2022-03-30, 411 days before the extract date; C07 was assessed
    # 2022-06-15, within the 12 months.
    assert warehouse.query(
        "select person_id, team, last_assessment_date, days_since_last_assessment "
        "from marts.worklist_cwd_not_assessed where la_code = '990'"
    ) == [("C06", "Disabled Children Team", date(2022, 3, 30), 411)]


def test_oversight_overdue_only_where_case_notes_are_sent(warehouse):
    # Of the eight children open on 2023-05-15 only C02 (2023-05-02, 8 working days back) and
    # C05 (a note on the day itself) had oversight in 20 working days. C03's supervision
    # (2023-03-01) is 49 back; C10 has only a chronology update. 991 sends no case notes: its
    # list is empty, not everyone.
    rows = warehouse.query(
        "select la_code, person_id, last_oversight_date, working_days_since_oversight "
        "from marts.worklist_oversight_overdue where la_code in ('990', '991') order by person_id"
    )
    assert rows == [
        ("990", "C01", None, None),
        ("990", "C03", date(2023, 3, 1), 49),
        ("990", "C06", None, None),
        ("990", "C07", None, None),
        ("990", "C08", None, None),
        ("990", "C10", None, None),
    ]


def test_homeless_without_s20_advice(warehouse):
    # H01: no assessment named, so the child's team that day -- C04's latest referral (NFA).
    assert warehouse.query(
        "select presentation_id, person_id, team, presentation_date, outcome, assessment_id "
        "from marts.worklist_homeless_without_s20_advice where la_code = '990' order by presentation_id"
    ) == [
        ("H01", "C04", "Assessment Team 2", date(2023, 1, 12), "undecided", None),
        ("H03", "C05", "Assessment Team 1", date(2023, 3, 20), "S17_SUPPORT", "A03"),
    ]


def test_detail_rows_trace_back_to_their_extract_file(warehouse):
    assert warehouse.query(
        "select assessment_within_45wd, working_days_to_authorisation, source_file, source_row "
        "from marts.assessment_details where la_code = '990' and assessment_id in ('A01', 'A02') "
        "order by assessment_id"
    ) == [
        (True, 45, "990/2023-05-15/ssd_cin_assessments.csv", 2),
        (False, 46, "990/2023-05-15/ssd_cin_assessments.csv", 3),
    ]


def test_detail_flags_are_null_outside_the_cohort(warehouse):
    # Transfers in are not in the ICPC rates' cohorts.
    assert warehouse.query(
        "select icpc_id, icpc_within_15wd, icpc_to_cp_plan, working_days_from_s47_start "
        "from marts.icpc_details where la_code = '990' order by icpc_id"
    ) == [
        ("I01", True, True, 15),
        ("I02", False, False, 16),
        ("I03", True, True, 10),
        ("I04", None, None, None),
        ("I05", None, None, 19),
    ]
