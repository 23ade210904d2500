"""A clean generated snapshot, of any profile, follows the extract format to the letter."""

from __future__ import annotations

import csv
import json
import re
from datetime import date

import pytest

from generated_snapshot_queries import open_snapshot, rows, scalar
from seeds.extract_format import OPTIONAL_TABLES, TABLES, TABLES_BY_NAME

EXTRACT_DATE = date(2026, 11, 16)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Every reference a clean snapshot must satisfy: (table, column, referenced table, its id column).
REFERENCES = [
    (t.name, c.name, "ssd_person", "pers_person_id")
    for t in TABLES for c in t.columns[1:] if c.entity == "person"
] + [
    ("ssd_cin_assessments", "cina_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ssd_s47_enquiry", "s47e_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ssd_initial_cp_conference", "icpc_s47_enquiry_id", "ssd_s47_enquiry", "s47e_s47_enquiry_id"),
    ("ssd_initial_cp_conference", "icpc_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id"),
    ("ssd_initial_cp_conference", "icpc_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ssd_cp_plans", "cppl_icpc_id", "ssd_initial_cp_conference", "icpc_icpc_id"),
    ("ssd_cp_plans", "cppl_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ssd_cp_visits", "cppv_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id"),
    ("ssd_cp_reviews", "cppr_cp_plan_id", "ssd_cp_plans", "cppl_cp_plan_id"),
    ("ssd_assessment_factors", "cinf_assessment_id", "ssd_cin_assessments", "cina_assessment_id"),
    ("ssd_cin_plans", "cinp_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ext_strategy_discussions", "strd_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ext_strategy_discussions", "strd_s47_enquiry_id", "ssd_s47_enquiry", "s47e_s47_enquiry_id"),
    ("ext_case_notes", "note_referral_id", "ssd_cin_episodes", "cine_referral_id"),
    ("ext_homeless_presentations", "hpre_assessment_id", "ssd_cin_assessments", "cina_assessment_id"),
    ("ssd_cin_episodes", "cine_referral_worker_id", "ssd_professionals", "prof_professional_id"),
    ("ssd_cin_episodes", "cine_referral_team", "ssd_department", "dept_team_id"),
    ("ext_case_notes", "note_team", "ssd_department", "dept_team_id"),
    ("ssd_professionals", "prof_professional_department", "ssd_department", "dept_team_id"),
]
# Work done by practitioners: never on a weekend or an England and Wales bank holiday.
WORK_DATES = [
    ("ssd_cin_assessments", "cina_assessment_start_date"),
    ("ssd_cin_assessments", "cina_assessment_auth_date"),
    ("ssd_cin_visits", "cinv_cin_visit_date"),
    ("ssd_s47_enquiry", "s47e_s47_start_date"),
    ("ssd_s47_enquiry", "s47e_s47_end_date"),
    ("ssd_initial_cp_conference", "icpc_icpc_date"),
    ("ssd_cp_plans", "cppl_cp_plan_start_date"),
    ("ssd_cp_plans", "cppl_cp_plan_end_date"),
    ("ssd_cp_visits", "cppv_cp_visit_date"),
    ("ssd_cp_reviews", "cppr_cp_review_date"),
    ("ssd_cin_plans", "cinp_cin_plan_start_date"),
    ("ssd_cin_episodes", "cine_close_date"),
    ("ext_strategy_discussions", "strd_discussion_date"),
    ("ext_case_notes", "note_note_date"),
    ("ext_case_audits", "audi_audit_date"),
    ("ext_direct_payments", "dpay_start_date"),
    ("ext_direct_payments", "dpay_last_review_date"),
    ("ext_prevent_referrals", "prev_mash_referral_date"),
]


@pytest.fixture(scope="module", params=["typical", "struggling", "improving"])
def con(request):
    """Each clean default-sized snapshot: every profile must keep to the format."""
    connection = open_snapshot(request.getfixturevalue(request.param).snapshot())
    yield connection
    connection.close()


def test_every_table_is_written_with_the_format_header_and_success_last(typical):
    folder = typical.snapshot()
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([f"{t.name}.csv" for t in TABLES] + ["_SUCCESS"])
    assert len(TABLES) == 21 and len(OPTIONAL_TABLES) == 11
    for table in TABLES:
        with open(folder / f"{table.name}.csv", encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert header == [c.name for c in table.columns], table.name
    success = (folder / "_SUCCESS").stat().st_mtime_ns
    assert all(success >= p.stat().st_mtime_ns for p in folder.glob("*.csv"))
    assert (folder / "ssd_person.csv").read_text(encoding="utf-8").splitlines()[0] == (
        "pers_person_id,pers_legacy_id,pers_upn,pers_forename,pers_surname,pers_sex,pers_gender,"
        "pers_ethnicity,pers_dob,pers_single_unique_id,pers_upn_unknown,pers_send_flag,"
        "pers_expected_dob,pers_death_date,pers_nationality"
    )


def test_the_default_authority_is_lean_but_full(typical):
    counts = typical.summary["authorities"][0]["snapshots"][0]["rows"]
    total = sum(counts.values())
    assert 150_000 <= total <= 330_000
    assert counts["ext_case_notes"] + counts["ssd_cin_visits"] + counts["ssd_cp_visits"] > total / 2
    assert all(n > 0 for n in counts.values()), counts
    # About 3,500 referrals a year over 2022-04-01..2026-11-16 (1,691 days).
    assert counts["ssd_cin_episodes"] == round(3500 * 1691 / 365.25)


@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_required_values_codes_dates_flags_and_ids(con, table):
    definition = TABLES_BY_NAME[table]
    for column in definition.columns:
        name = column.name
        if column.required:
            assert scalar(con, f"SELECT count(*) FROM {table} WHERE {name} IS NULL") == 0, name
        if column.kind == "code":
            allowed = ", ".join(f"'{c}'" for c in column.codes)
            assert scalar(con, f"SELECT count(*) FROM {table} WHERE {name} NOT IN ({allowed})") == 0, name
        if column.kind == "date":
            bad = rows(con, f"SELECT {name} FROM {table} WHERE {name} IS NOT NULL AND "
                            f"(NOT regexp_full_match({name}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') OR TRY_CAST({name} AS DATE) IS NULL "
                            f"OR {name}::DATE > DATE '{EXTRACT_DATE}') LIMIT 3")
            assert bad == [], name
        if column.kind == "flag":
            assert scalar(con, f"SELECT count(*) FROM {table} WHERE {name} NOT IN ('Y', 'N')") == 0, name
        if column.kind == "json":
            values = [v for (v,) in rows(con, f"SELECT DISTINCT {name} FROM {table} WHERE {name} IS NOT NULL")]
            for value in values:
                parsed = json.loads(value)
                assert isinstance(parsed, list) and parsed and all(isinstance(x, str) for x in parsed), value
                if column.codes:
                    assert set(parsed) <= set(column.codes), value
    identifier = definition.id_column
    assert scalar(con, f"SELECT count(*) - count(DISTINCT {identifier}) FROM {table}") == 0
    assert scalar(con, f"SELECT max(length({identifier})) FROM {table}") <= 48


@pytest.mark.parametrize("table, column, parent, parent_id", REFERENCES)
def test_references_resolve_on_clean_data(con, table, column, parent, parent_id):
    missing = scalar(
        con,
        f"SELECT count(*) FROM {table} t WHERE t.{column} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.{parent_id} = t.{column})",
    )
    assert missing == 0


@pytest.mark.parametrize("table, column", WORK_DATES)
def test_work_is_dated_on_working_days(con, table, column):
    off_days = rows(
        con,
        f"SELECT t.{column} FROM {table} t JOIN calendar c ON c.day = t.{column}::DATE WHERE NOT c.working LIMIT 3",
    )
    assert off_days == []


def test_nothing_arrives_on_christmas_day(con):
    for table, column in (("ssd_cin_episodes", "cine_referral_date"), ("ssd_contacts", "cont_contact_date")):
        assert scalar(con, f"SELECT count(*) FROM {table} WHERE strftime({column}::DATE, '%m-%d') = '12-25'") == 0
    # Referrals do arrive at weekends, though fewer.
    weekend = scalar(con, "SELECT avg((dayofweek(cine_referral_date::DATE) IN (0, 6))::INT) FROM ssd_cin_episodes")
    assert 0.03 < weekend < 0.15


def test_periods_run_forward_and_dates_are_consistent(con):
    checks = [
        ("ssd_cin_episodes", "cine_close_date < cine_referral_date"),
        ("ssd_cin_assessments", "cina_assessment_auth_date < cina_assessment_start_date"),
        ("ssd_s47_enquiry", "s47e_s47_end_date < s47e_s47_start_date"),
        ("ssd_cp_plans", "cppl_cp_plan_end_date < cppl_cp_plan_start_date"),
        ("ssd_cin_plans", "cinp_cin_plan_end_date < cinp_cin_plan_start_date"),
        ("ext_direct_payments", "dpay_end_date < dpay_start_date"),
        ("ssd_person", "pers_dob::DATE > DATE '2026-11-16'"),
    ]
    for table, condition in checks:
        assert scalar(con, f"SELECT count(*) FROM {table} WHERE {condition}") == 0, (table, condition)
    # Assessments, enquiries and conferences fall on or after their referral or enquiry.
    assert scalar(con, """
        SELECT count(*) FROM ssd_cin_assessments a JOIN ssd_cin_episodes e ON e.cine_referral_id = a.cina_referral_id
        WHERE a.cina_assessment_start_date::DATE < e.cine_referral_date::DATE""") == 0
    assert scalar(con, """
        SELECT count(*) FROM ssd_initial_cp_conference i JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = i.icpc_s47_enquiry_id
        WHERE i.icpc_icpc_date::DATE < s.s47e_s47_start_date::DATE""") == 0
    # Every plan follows a conference whose outcome was a plan, on the conference day.
    assert scalar(con, """
        SELECT count(*) FROM ssd_cp_plans p JOIN ssd_initial_cp_conference i ON i.icpc_icpc_id = p.cppl_icpc_id
        WHERE i.icpc_icpc_outcome_cp_flag <> 'Y' OR p.cppl_cp_plan_start_date <> i.icpc_icpc_date""") == 0
    # CP visits fall within their plan; visits fall within one of the child's episodes.
    assert scalar(con, """
        SELECT count(*) FROM ssd_cp_visits v JOIN ssd_cp_plans p ON p.cppl_cp_plan_id = v.cppv_cp_plan_id
        WHERE v.cppv_cp_visit_date < p.cppl_cp_plan_start_date
           OR v.cppv_cp_visit_date > coalesce(p.cppl_cp_plan_end_date, '9999-12-31')""") == 0
    assert scalar(con, """
        SELECT count(*) FROM ssd_cin_visits v WHERE NOT EXISTS (
            SELECT 1 FROM ssd_cin_episodes e WHERE e.cine_person_id = v.cinv_person_id
            AND v.cinv_cin_visit_date >= e.cine_referral_date
            AND v.cinv_cin_visit_date <= coalesce(e.cine_close_date, '9999-12-31'))""") == 0
    # A child's episodes never overlap.
    assert scalar(con, """
        SELECT count(*) FROM ssd_cin_episodes a JOIN ssd_cin_episodes b
          ON a.cine_person_id = b.cine_person_id AND a.cine_referral_id < b.cine_referral_id
        WHERE a.cine_referral_date <= coalesce(b.cine_close_date, '9999-12-31')
          AND b.cine_referral_date <= coalesce(a.cine_close_date, '9999-12-31')""") == 0


def test_children_are_0_to_17_at_every_referral(con):
    ages = rows(con, """
        SELECT min(datediff('day', p.pers_dob::DATE, e.cine_referral_date::DATE)),
               max(datediff('day', p.pers_dob::DATE, e.cine_referral_date::DATE))
        FROM ssd_cin_episodes e JOIN ssd_person p ON p.pers_person_id = e.cine_person_id""")[0]
    assert ages[0] >= 0 and ages[1] < 18 * 365.25


def test_direct_identifiers_are_obviously_synthetic(con):
    patterns = {
        "pers_forename": r"Forename-[A-Z]{2}",
        "pers_surname": r"Surname-[A-Z]{2}",
        "pers_upn": r"SYN\d{10}",
        "pers_legacy_id": r"LEGACY-\d{7}",
        "pers_person_id": r"P\d{7}",
    }
    for column, pattern in patterns.items():
        assert scalar(con, f"SELECT count(*) FROM ssd_person WHERE {column} IS NOT NULL "
                           f"AND NOT regexp_full_match({column}, '{pattern}')") == 0, column


def test_strategy_discussions_cover_both_kinds_of_case(con):
    outcomes = dict(rows(con, "SELECT strd_outcome, count(*) FROM ext_strategy_discussions GROUP BY 1"))
    assert set(outcomes) == {"S47", "NFA", "OTHER"}
    # Every discussion that led to an enquiry names it, and every enquiry but transfers in has one.
    assert scalar(con, "SELECT count(*) FROM ext_strategy_discussions WHERE (strd_outcome = 'S47') <> (strd_s47_enquiry_id IS NOT NULL)") == 0
    assert scalar(con, """
        SELECT count(*) FROM ssd_s47_enquiry s WHERE NOT EXISTS (
            SELECT 1 FROM ext_strategy_discussions d WHERE d.strd_s47_enquiry_id = s.s47e_s47_enquiry_id)
          AND NOT EXISTS (SELECT 1 FROM ssd_initial_cp_conference i
                          WHERE i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id AND i.icpc_icpc_transfer_in = 'Y')""") == 0


def test_extension_tables_are_populated_sensibly(con):
    per_year = {
        "ext_prevent_referrals": "prev_referral_date",
        "ext_homeless_presentations": "hpre_presentation_date",
    }
    for table, column in per_year.items():
        yearly = scalar(con, f"SELECT count(*) / 4.0 FROM {table} WHERE {column}::DATE BETWEEN '2022-04-01' AND '2026-03-31'")
        assert 15 <= yearly <= 60, table  # a few dozen a year
    note_types = dict(rows(con, "SELECT note_note_type, count(*) FROM ext_case_notes GROUP BY 1"))
    assert set(note_types) == {"MANAGEMENT_OVERSIGHT", "SUPERVISION", "CHRONOLOGY_UPDATE", "DIRECT_WORK", "OTHER"}
    assert note_types["MANAGEMENT_OVERSIGHT"] == max(note_types.values())
    # Direct payments go to disabled children, reviewed at a 6- or 12-month interval.
    assert scalar(con, """
        SELECT count(*) FROM ext_direct_payments d WHERE NOT EXISTS (
            SELECT 1 FROM ssd_disability x WHERE x.disa_person_id = d.dpay_person_id AND x.disa_disability_code <> 'NONE')""") == 0
    assert {v for (v,) in rows(con, "SELECT DISTINCT dpay_review_interval_months FROM ext_direct_payments")} == {"6", "12"}
    grades = {g for (g,) in rows(con, "SELECT DISTINCT audi_grade FROM ext_case_audits")}
    assert grades == {"OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE"}
    # Homeless presentations are of 16- and 17-year-olds; Prevent referrals of 10- to 17-year-olds.
    assert rows(con, """
        SELECT min(datediff('day', p.pers_dob::DATE, h.hpre_presentation_date::DATE)) >= 16 * 365.25 - 1,
               max(datediff('day', p.pers_dob::DATE, h.hpre_presentation_date::DATE)) < 18 * 365.25
        FROM ext_homeless_presentations h JOIN ssd_person p ON p.pers_person_id = h.hpre_person_id""") == [(True, True)]
    # Teams are department ids; the department names the teams the brief asks for.
    names = {n for (n,) in rows(con, "SELECT dept_team_name FROM ssd_department")}
    assert {"Assessment Team 1", "Children with Disabilities Team", "Child Protection Team 1"} <= names
    assert scalar(con, "SELECT count(*) FROM ssd_cin_episodes WHERE NOT regexp_full_match(cine_referral_team, 'T\\d{2}')") == 0
