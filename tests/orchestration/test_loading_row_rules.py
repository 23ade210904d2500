"""Row-level rules: the broken row is quarantined with exact words, every other row loads."""

from __future__ import annotations

import json
from datetime import date

import pytest
from snapshot_fixtures import BASE, changed, quarantine, query, raw_ids, write_snapshot

from orchestration.landing_load import load_landing_area

BASE_ROWS = {table: text.count("\n") - 1 for table, text in BASE.items()}
DATE_RULE = "not a valid date (expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or DD/MM/YYYY)"
FLAG_RULE = "not a valid flag (expected Y or N; Yes/No, 1/0 and true/false also do)"
CHILD_RULE = "child is not in ssd_person, or its row there was quarantined"
REFERRAL_RULE = "referral is not in ssd_cin_episodes, or its row there was quarantined"
DUPLICATE_RULE = "identifier appears more than once in the file; every copy is quarantined"
S47_RULE = (
    "S47 enquiry is not in ssd_s47_enquiry, or its row there was quarantined "
    "(conferences flagged as transfers in are exempt)"
)
BEFORE_S47_RULE = "date is before its S47 enquiry started (s47e_s47_start_date)"


def load(paths, changes):
    write_snapshot(paths.landing_dir, changes)
    report = load_landing_area(paths, log=lambda message: None)
    assert [a.status for a in report.attempts] == ["loaded"]
    return report


def assert_rows_loaded(paths, missing: dict[str, int]) -> None:
    """Every table holds its base rows except the `missing` ones, and the ledger agrees."""
    loaded = dict(
        query(
            paths.warehouse_path,
            "SELECT table_name, rows_loaded FROM audit.load_ledger",
        )
    )
    expected = {table: rows - missing.get(table, 0) for table, rows in BASE_ROWS.items()}
    assert loaded == expected
    for table, rows in expected.items():
        assert query(paths.warehouse_path, f"SELECT count(*) FROM raw.{table}") == [(rows,)]


# One case per rule: a change to the base extract, the quarantine rows it must give (table,
# row, record id, column, value as delivered, rule), and the rows missing from each raw table.
RULE_CASES = [
    pytest.param(
        changed("ssd_cin_visits", "V2,P2,2024-01-12,N", "V2,P2,2024-01-12,   "),
        [("ssd_cin_visits", 3, "V2", "cinv_cin_visit_seen", "   ", "required value is empty")],
        {"ssd_cin_visits": 1},
        id="required value empty or blank",
    ),
    pytest.param(
        changed("ssd_cin_visits", "V1,P1,2024-01-10,Y", "V1,P1,2024-01-10,maybe"),
        [("ssd_cin_visits", 2, "V1", "cinv_cin_visit_seen", "maybe", FLAG_RULE)],
        {"ssd_cin_visits": 1},
        id="invalid flag",
    ),
    pytest.param(
        changed("ssd_disability", "D1,P1,NONE", "D1,P1,BLIND"),
        [
            (
                "ssd_disability",
                2,
                "D1",
                "disa_disability_code",
                "BLIND",
                "not one of the disability codes: NONE, MOB, HAND, PC, INC, COMM, LD, HEAR, "
                "VIS, BEH, CON, AUT, DDA",
            )
        ],
        {"ssd_disability": 1},
        id="invalid code",
    ),
    pytest.param(
        changed("ext_direct_payments", "2025-06-01,12", "2025-06-01,twelve"),
        [
            (
                "ext_direct_payments",
                2,
                "DP1",
                "dpay_review_interval_months",
                "twelve",
                "not a whole number",
            )
        ],
        {"ext_direct_payments": 1},
        id="invalid whole number",
    ),
    pytest.param(
        changed("ssd_assessment_factors", 'F2,A2,"[]"', 'F2,A2,"{""a"": 1}"'),
        [
            (
                "ssd_assessment_factors",
                3,
                "F2",
                "cinf_assessment_factors_json",
                '{"a": 1}',
                'not a JSON array of codes (expected e.g. ["3A","16A"])',
            )
        ],
        {"ssd_assessment_factors": 1},
        id="JSON that is not an array of strings",
    ),
    pytest.param(
        changed(
            "ssd_assessment_factors",
            'F1,A1,"[""3A"",""16A""]"',
            'F1,A1,"[""3a"",""99Z"",""16A""]"',
        ),
        [
            (
                "ssd_assessment_factors",
                2,
                "F1",
                "cinf_assessment_factors_json",
                '["3a","99Z","16A"]',
                "holds a code that is not one of the CIN census assessment factor codes",
            )
        ],
        {"ssd_assessment_factors": 1},
        id="JSON array with a code not in its list",
    ),
    pytest.param(
        changed("ssd_cin_visits", "V2,P2", "V1,P2"),
        [
            ("ssd_cin_visits", row, "V1", "cinv_cin_visit_id", "V1", DUPLICATE_RULE)
            for row in (2, 3)
        ],
        {"ssd_cin_visits": 2},
        id="duplicate identifier, every copy",
    ),
    pytest.param(
        {
            **changed("ssd_cp_plans", "CP1,P1,2024-01-25,,", "CP1,P1,2024-01-25,2024-01-24,"),
            # Ending on the day it started is allowed.
            **changed("ext_direct_payments", "2023-06-01,2025-06-01", "2023-06-01,2023-06-01"),
        },
        [
            (
                "ssd_cp_plans",
                2,
                "CP1",
                "cppl_cp_plan_end_date",
                "2024-01-24",
                "end date is before its start date (cppl_cp_plan_start_date)",
            )
        ],
        {"ssd_cp_plans": 1},
        id="end date before start date",
    ),
    pytest.param(
        changed("ssd_cin_visits", "V1,P1,2024-01-10", "V1,P1,2024-04-01"),
        [
            (
                "ssd_cin_visits",
                2,
                "V1",
                "cinv_cin_visit_date",
                "2024-04-01",
                "date is after the extract date (2024-03-31)",
            )
        ],
        {"ssd_cin_visits": 1},
        id="date after the extract date",
    ),
    pytest.param(
        changed("ssd_cin_visits", "V2,P2", "V2,P9"),
        [("ssd_cin_visits", 3, "V2", "cinv_person_id", "P9", CHILD_RULE)],
        {"ssd_cin_visits": 1},
        id="child not in ssd_person",
    ),
    pytest.param(
        changed("ssd_cin_assessments", "A2,P2,R2", "A2,P2,R9"),
        [("ssd_cin_assessments", 3, "A2", "cina_referral_id", "R9", REFERRAL_RULE)],
        {"ssd_cin_assessments": 1},
        id="assessment whose referral is missing",
    ),
    pytest.param(
        changed("ssd_s47_enquiry", "S1,R1,P1", "S1,R9,P1"),
        [
            ("ssd_initial_cp_conference", 2, "C1", "icpc_s47_enquiry_id", "S1", S47_RULE),
            ("ssd_s47_enquiry", 2, "S1", "s47e_referral_id", "R9", REFERRAL_RULE),
        ],
        {"ssd_s47_enquiry": 1, "ssd_initial_cp_conference": 1},
        id="S47 whose referral is missing, and its ICPC in turn",
    ),
    pytest.param(
        changed("ssd_initial_cp_conference", "C1,S1,P1,N", "C1,S9,P1,N"),
        [("ssd_initial_cp_conference", 2, "C1", "icpc_s47_enquiry_id", "S9", S47_RULE)],
        {"ssd_initial_cp_conference": 1},
        id="ICPC whose S47 is missing",
    ),
    # S1 started on 2024-01-09: a conference on 2024-01-08 is a day before it (a data error,
    # never counted as timely); one on the day it started is fine (0 working days).
    pytest.param(
        changed("ssd_initial_cp_conference", "N,2024-01-30,2024-01-25,Y", "N,2024-01-30,2024-01-08,Y"),
        [("ssd_initial_cp_conference", 2, "C1", "icpc_icpc_date", "2024-01-08", BEFORE_S47_RULE)],
        {"ssd_initial_cp_conference": 1},
        id="ICPC dated before its S47 started",
    ),
    pytest.param(
        changed("ssd_initial_cp_conference", "N,2024-01-30,2024-01-25,Y", "N,2024-01-30,2024-01-09,Y"),
        [],
        {},
        id="ICPC on the day its S47 started",
    ),
    pytest.param(
        changed("ssd_initial_cp_conference", "C1,S1,P1,N,2024-01-30,2024-01-25", "C1,S1,P1,Y,2024-01-30,2024-01-02"),
        [("ssd_initial_cp_conference", 2, "C1", "icpc_icpc_date", "2024-01-02", BEFORE_S47_RULE)],
        {"ssd_initial_cp_conference": 1},
        id="a transfer in naming an S47 here is held to its start too",
    ),
    pytest.param(
        changed("ssd_initial_cp_conference", "C1,S1,P1,N", "C1,S9,P1,Y"),
        [],
        {},
        id="transferred-in ICPC needs no S47 here",
    ),
]


@pytest.mark.parametrize("changes, expected, missing", RULE_CASES)
def test_rule(paths, changes, expected, missing):
    load(paths, changes)
    assert quarantine(paths) == expected
    assert_rows_loaded(paths, missing)


# Ten characters in the shape of an ISO date, but not digits: full-width, Arabic-Indic.
BAD_DATES = [
    "2024-02-30", "1/2/2024", "2024-02-01T09:30:00", "2024-02-01 25:00:00", "soon",
    "\uff12\uff10\uff12\uff14-02-01", "2024-02-0\u0661",
]
# The last between Unicode spaces (no-break, ideographic), which trimming removes.
GOOD_DATES = [
    "2024-02-01", "2024-02-01 09:30:00", "2024-02-01 09:30:00.123", "01/02/2024",
    "\u00a02024-02-01\u3000",
]


def visits_on(dates: list[str]) -> str:
    """A visits file with one visit of P1 on each delivered date, ids V1, V2, ..."""
    header = BASE["ssd_cin_visits"].splitlines()[0]
    return header + "\n" + "".join(f"V{i},P1,{day},Y\n" for i, day in enumerate(dates, 1))


def test_invalid_date(paths):
    load(paths, {"ssd_cin_visits": visits_on(["2024-02-01", *BAD_DATES])})
    assert quarantine(paths) == [
        ("ssd_cin_visits", row, f"V{row - 1}", "cinv_cin_visit_date", bad, DATE_RULE)
        for row, bad in enumerate(BAD_DATES, 3)
    ]
    assert raw_ids(paths, "ssd_cin_visits", "cinv_cin_visit_id") == ["V1"]


def test_iso_sql_server_and_uk_dates_are_read(paths):
    load(paths, {"ssd_cin_visits": visits_on(GOOD_DATES)})
    assert quarantine(paths) == []
    assert query(
        paths.warehouse_path, "SELECT DISTINCT cinv_cin_visit_date FROM raw.ssd_cin_visits"
    ) == [(date(2024, 2, 1),)]


def test_flags_in_every_accepted_spelling(paths):
    visits = (
        "cinv_cin_visit_id,cinv_person_id,cinv_cin_visit_date,cinv_cin_visit_seen,"
        "cinv_cin_visit_seen_alone,cinv_cin_visit_bedroom\n"
        "V1,P1,2024-01-10,yes,TRUE,1\n"
        "V2,P2,2024-01-12,n,False,0\n"
        "V3,P3,2024-02-12,No,,\n"
    )
    load(paths, {"ssd_cin_visits": visits})
    assert quarantine(paths) == []
    assert query(
        paths.warehouse_path,
        "SELECT cinv_cin_visit_id, cinv_cin_visit_seen, cinv_cin_visit_seen_alone, "
        "cinv_cin_visit_bedroom FROM raw.ssd_cin_visits ORDER BY 1",
    ) == [("V1", True, True, True), ("V2", False, False, False), ("V3", False, None, None)]


def test_codes_are_trimmed_case_insensitive_and_stored_upper_case(paths):
    load(paths, changed("ssd_disability", "D2,P2,LD", 'D2,P2," ld "'))
    assert quarantine(paths) == []
    assert raw_ids(paths, "ssd_disability", "disa_disability_code") == ["LD", "NONE"]
    # The base case note type is delivered in lower case.
    assert raw_ids(paths, "ext_case_notes", "note_note_type") == ["MANAGEMENT_OVERSIGHT"]


def test_identifier_longer_than_48_characters(paths):
    long_id, longest_allowed = "V" * 49, "W" * 48
    visits = (
        BASE["ssd_cin_visits"].replace("V2,", f"{long_id},").replace("V1,", f"{longest_allowed},")
    )
    load(paths, {"ssd_cin_visits": visits})
    assert quarantine(paths) == [
        (
            "ssd_cin_visits",
            3,
            long_id,
            "cinv_cin_visit_id",
            long_id,
            "identifier is longer than 48 characters",
        )
    ]
    assert raw_ids(paths, "ssd_cin_visits", "cinv_cin_visit_id") == [longest_allowed]


def test_planned_and_expected_dates_may_be_in_the_future(paths):
    changes = {
        **changed("ssd_initial_cp_conference", "N,2024-01-30", "N,2024-05-01"),
        **changed("ssd_person", "2008-11-30,", "2008-11-30,2024-09-01"),
        **changed("ssd_cin_visits", "V1,P1,2024-01-10", "V1,P1,2024-03-31"),
    }
    load(paths, changes)  # the direct payment's end date, 2025-06-01, is in the future too
    assert quarantine(paths) == []
    assert_rows_loaded(paths, {})


def test_rows_of_a_quarantined_child_are_quarantined_in_turn(paths):
    load(paths, changed("ssd_person", "Ben,Baker,M,", "Ben,Baker,,"))
    assert quarantine(paths) == [
        ("ext_direct_payments", 2, "DP1", "dpay_person_id", "P2", CHILD_RULE),
        ("ssd_cin_assessments", 3, "A2", "cina_person_id", "P2", CHILD_RULE),
        ("ssd_cin_assessments", 3, "A2", "cina_referral_id", "R2", REFERRAL_RULE),
        ("ssd_cin_episodes", 3, "R2", "cine_person_id", "P2", CHILD_RULE),
        ("ssd_cin_visits", 3, "V2", "cinv_person_id", "P2", CHILD_RULE),
        ("ssd_disability", 3, "D2", "disa_person_id", "P2", CHILD_RULE),
        ("ssd_person", 3, "P2", "pers_sex", None, "required value is empty"),
    ]
    assert_rows_loaded(
        paths,
        {
            "ssd_person": 1,
            "ssd_disability": 1,
            "ssd_cin_episodes": 1,
            "ssd_cin_assessments": 1,
            "ssd_cin_visits": 1,
            "ext_direct_payments": 1,
        },
    )


def test_a_row_breaking_several_rules_has_one_quarantine_row_per_rule(paths):
    load(paths, changed("ssd_cin_visits", "V2,P2,2024-01-12,N", "V2,P9,2024-13-01,N"))
    assert quarantine(paths) == [
        ("ssd_cin_visits", 3, "V2", "cinv_cin_visit_date", "2024-13-01", DATE_RULE),
        ("ssd_cin_visits", 3, "V2", "cinv_person_id", "P9", CHILD_RULE),
    ]
    quarantined = "SELECT rows_quarantined FROM audit.snapshot_loads"
    assert query(paths.warehouse_path, quarantined) == [(1,)]


def test_row_numbers_are_a_spreadsheets_despite_line_breaks_and_empty_lines(paths):
    visits = (
        "cinv_cin_visit_id,cinv_person_id,cinv_cin_visit_date,cinv_cin_visit_seen,comment\n"
        'V1,P1,2024-01-10,Y,"line one\nline two"\n'
        "\n"
        "V2,P2,2024-01-12,maybe,\n"
        "V3,P3,2024-02-12,N,\n"
        "\n"
    )
    load(paths, {"ssd_cin_visits": visits})
    assert quarantine(paths) == [
        ("ssd_cin_visits", 4, "V2", "cinv_cin_visit_seen", "maybe", FLAG_RULE)
    ]
    assert query(
        paths.warehouse_path,
        "SELECT cinv_cin_visit_id, source_row, extra_columns FROM raw.ssd_cin_visits ORDER BY 1",
    ) == [("V1", 2, {"comment": "line one\nline two"}), ("V3", 5, {"comment": None})]


def test_quarantine_keeps_the_whole_row_as_delivered(paths):
    load(paths, changed("ssd_cin_visits", "V2,P2,2024-01-12,N", "V2,P2,2024-01-12,  no way "))
    [(record,)] = query(paths.warehouse_path, "SELECT record FROM audit.quarantine")
    assert json.loads(record) == {
        "cinv_cin_visit_id": "V2",
        "cinv_person_id": "P2",
        "cinv_cin_visit_date": "2024-01-12",
        "cinv_cin_visit_seen": "  no way ",
    }
    assert query(
        paths.warehouse_path,
        "SELECT la_code, snapshot_date, source_file, load_id = (SELECT load_id FROM "
        "audit.snapshot_loads) FROM audit.quarantine",
    ) == [("901", date(2024, 3, 31), "901/2024-03-31/ssd_cin_visits.csv", True)]
