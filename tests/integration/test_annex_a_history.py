"""Authorities that send Annex A workbooks, end to end through the refresh job (load, dbt build,
publish): one refresh of one landing area holding

- authority 920: two hand-made workbooks, every figure worked out by hand and traced to the
  workbook, sheet and row it came from (below);
- authorities 901 and 902: the same synthetic authority (seeds.generate, seed 7, a small one),
  901 as its SSD extract, 902 as its monthly Annex A workbooks, compared period by period
  (the tests at the end of this module).

Authority 920, 6-month windows. W1 of 31 March 2024 lists what happened after 30 September
2023; W2 of 30 June 2024 what happened after 31 December 2023. W2 replaces W1 inside its window
and wherever it lists a record W1 listed (the same child and date); the rest of W1 is kept:

- deleted inside the later window: C1's assessment of 1 February 2024 (authorised 20 February,
  13 working days) is in W1 only. Had it been kept, February would show 1 of 1 within 45
  working days; it shows an empty cohort.
- kept outside it: C2's assessment of 6 November 2023 (authorised 20 December, 32 working days,
  the child not seen) is in W1 only, and before W2's window.
- replaced by its natural key outside it: C3's assessment of 4 December 2023 is open in W1;
  W2 lists it again, seen and authorised 15 January 2024 (27 working days: 25 and 26 December
  and 1 January are bank holidays).
- C4's of 9 January 2024, authorised 14 March (47 working days), is in both; C6's of 16 April,
  authorised 24 June (47: 6 and 27 May are bank holidays), in W2.

List 5: C3's enquiry began 11 December 2023, before W2's window; its conference of 3 January
2024 (14 working days; it led to a plan) is inside it, and W2 does not list the enquiry: the
conference is kept (a workbook covers a conference by its enquiry's start). C4's enquiry of 5
February says a conference was deemed unnecessary; C6's of 22 April had its conference on 14
May (15 working days, no plan); C2's of 21 May has none yet.

List 7: on W1's day (Sunday 31 March 2024) C3 (on a plan since 3 January) was last visited on
Friday 22 March, 4 working days before (Good Friday is a bank holiday); C1 (since 5 February)
on 8 March, 14 before. On W2's day (Sunday 30 June) C3 was last visited 21 June, 5 before; C1's
plan ended 31 May. No workbook is dated in April or May.

Lists 3 and 6: referrals from 2 October 2023 (the periods begin in October 2023) and episodes;
C1 and C2 are re-referred within 12 months; C5's referral of 4 March 2024 ended in no further
action and has no episode.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from seeds.generate import generate
from tests.app.signed_in_app import ENGINEER, settings_environment, signed_in
from tests.integration.refreshed_warehouse import Refreshed, complete_months, differing_values, refresh
from tests.orchestration.annex_a_workbooks import sheet, write_annex_a

pytestmark = pytest.mark.slow

LA = "920"
D = dt.date.fromisoformat
W1, W2 = "2024-03-31", "2024-06-30"
MAIN_SCRIPT = Path(__file__).resolve().parents[2] / "app" / "main.py"
NOT_FROM_ANNEX_A = "Not available from Annex A workbooks: they do not record what this measure needs."

CHILD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Does the Child have a Disability"]
LIST_3 = [*CHILD, "Date of Referral", "Referral NFA?", "Allocated Team", "Allocated Worker"]
LIST_4 = ["Child Unique ID", "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
          "Continuous Assessment Date of Authorisation", "Allocated Team", "Allocated Worker"]
LIST_5 = ["Child Unique ID", "Strategy discussion initiating Section 47 Enquiry Start Date",
          "Was an Initial Child Protection Conference deemed unnecessary?",
          "Date of Initial Child Protection Conference",
          "Did the Initial Child Protection Conference Result in a Child Protection Plan", "Allocated Team"]
LIST_6 = ["Child Unique ID", "CIN Start Date", "CIN Closure Date", "Allocated Team"]
LIST_7 = ["Child Unique ID", "Child Protection Plan Start Date", "Date of the Last Statutory Visit",
          "Child Protection Plan End Date", "Allocated Team"]

PEOPLE = {  # sex, ethnicity, date of birth, disability
    "C1": ["a) Male", "a) WBRI", D("2015-05-01"), "b) No"],
    "C2": ["b) Female", "APKN", D("2012-02-02"), "a) Yes"],
    "C3": ["Female", "(A.A1) White - British", D("2019-09-09"), "No"],
    "C4": ["M", "BAFR", D("2010-01-10"), "No"],
    "C5": ["F", "MWBC", D("2008-08-08"), "c) Unknown"],
    "C6": ["1 - Male", "WBRI", D("2020-06-06"), "No"],
}


def referral(child: str, day: str, nfa: str = "No", team: str = "Team North") -> list:
    return [child, *PEOPLE[child], D(day), nfa, team, f"Worker {child}"]


def first_workbook() -> list:
    return [
        sheet("List 3", LIST_3, [
            referral("C1", "2023-10-02"), referral("C2", "2023-10-16"), referral("C3", "2023-11-01"),
            referral("C4", "2024-01-08", team="Team South"), referral("C1", "2024-01-22"),
            referral("C5", "2024-03-04", nfa="Yes"),
        ]),
        sheet("List 4 - Assessments", LIST_4, [
            ["C1", D("2024-02-01"), "Yes", D("2024-02-20"), "Team North", "Worker A"],
            ["C2", D("2023-11-06"), "No", D("2023-12-20"), "Team North", "Worker A"],
            ["C3", D("2023-12-04"), None, None, "Team North", "Worker B"],
            ["C4", D("2024-01-09"), "Yes", D("2024-03-14"), "Team South", "Worker C"],
        ]),
        sheet("List 5", LIST_5, [
            ["C3", D("2023-12-11"), "No", D("2024-01-03"), "Yes", "Team North"],
            ["C4", D("2024-02-05"), "Yes", None, None, "Team South"],
        ]),
        sheet("List 6", LIST_6, [
            ["C1", D("2023-10-02"), None, "Team North"], ["C2", D("2023-10-16"), D("2023-12-15"), "Team North"],
            ["C3", D("2023-11-01"), None, "Team North"], ["C4", D("2024-01-08"), None, "Team South"],
        ]),
        sheet("List 7", LIST_7, [
            ["C3", D("2024-01-03"), D("2024-03-22"), None, "Team North"],
            ["C1", D("2024-02-05"), D("2024-03-08"), None, "Team North"],
        ]),
    ]


def second_workbook() -> list:
    return [
        sheet("List 3", LIST_3, [
            referral("C4", "2024-01-08", team="Team South"), referral("C1", "2024-01-22"),
            referral("C5", "2024-03-04", nfa="Yes"), referral("C6", "2024-04-15", team="Team South"),
            referral("C2", "2024-05-20"),
        ]),
        # A title row above the header: the rows are numbered as Excel shows them.
        sheet("List 4 - Assessments", LIST_4, [
            ["C3", D("2023-12-04"), "Yes", D("2024-01-15"), "Team North", "Worker B"],
            ["C4", D("2024-01-09"), "Yes", D("2024-03-14"), "Team South", "Worker C"],
            ["C6", D("2024-04-16"), "Yes", D("2024-06-24"), "Team South", "Worker C"],
        ], above=[["Annex A List 4: assessments, 1 January to 30 June 2024"]]),
        sheet("List 5", LIST_5, [
            ["C4", D("2024-02-05"), "Yes", None, None, "Team South"],
            ["C6", D("2024-04-22"), "No", D("2024-05-14"), "No", "Team South"],
            ["C2", D("2024-05-21"), None, None, None, "Team North"],
        ]),
        sheet("List 6", LIST_6, [
            ["C1", D("2023-10-02"), D("2024-05-31"), "Team North"], ["C3", D("2023-11-01"), None, "Team North"],
            ["C4", D("2024-01-08"), None, "Team South"], ["C6", D("2024-04-15"), None, "Team South"],
            ["C2", D("2024-05-20"), None, "Team North"],
        ]),
        sheet("List 7", LIST_7, [
            ["C3", D("2024-01-03"), D("2024-06-21"), None, "Team North"],
            ["C1", D("2024-02-05"), D("2024-05-28"), D("2024-05-31"), "Team North"],
        ]),
    ]


# The synthetic authority, small: its SSD extract as 901, its monthly workbooks as 902.
SSD, ANNEX_A = "901", "902"
GENERATED = {"authorities": 1, "seed": 7, "referrals_per_year": 200, "defect_rate": 0, "progress": False}


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Refreshed:
    root = tmp_path_factory.mktemp("annex_a_history")
    landing = root / "landing"
    write_annex_a(landing, first_workbook(), la=LA, day=W1)
    write_annex_a(landing, second_workbook(), la=LA, day=W2)
    generate(landing, **GENERATED)
    generate(root / "annex_a", snapshots="monthly", format="annex-a", **GENERATED)
    (root / "annex_a" / SSD).rename(landing / ANNEX_A)
    return refresh(root, landing)


def value(refreshed: Refreshed, metric_id: str, grain: str, start: str, dimension: str = "all", dimension_value: str = "all"):
    """(numerator, denominator, value) of one published metric_values row, or None."""
    rows = refreshed.query(
        "select numerator, denominator, value from metric_values where la_code = ? and metric_id = ? "
        "and period_grain = ? and period_start = ? and dimension = ? and dimension_value = ?",
        [LA, metric_id, grain, start, dimension, dimension_value],
    )
    assert len(rows) <= 1, rows
    return rows[0] if rows else None


def test_both_workbooks_load_and_every_row_is_accounted_for(refreshed):
    loads = refreshed.query(
        "select snapshot_date, status, rows_read, rows_loaded, rows_quarantined from snapshot_loads "
        "where la_code = ? order by snapshot_date", [LA])
    # The generated workbooks, clean, load whole too (one a month, and the extract date's).
    assert refreshed.query(
        "select count(*), count(*) filter (where status = 'loaded'), sum(rows_quarantined) from snapshot_loads "
        "where la_code = ?", [ANNEX_A]) == [(45, 45, 0)]
    assert loads == [(D(W1), "loaded", 18, 18, 0), (D(W2), "loaded", 18, 18, 0)]


def test_assessments_from_the_assembled_history_traced_to_workbook_sheet_and_row(refreshed):
    rows = refreshed.query(
        "select assessment_id, authorised_date, working_days_to_authorisation, source_file, source_location, source_row "
        "from assessment_details where la_code = ? order by assessment_id", [LA])
    assert rows == [
        # C1@2024-02-01 is gone: W2 no longer lists it, inside its window.
        ("C2@2023-11-06", D("2023-12-20"), 32, "920/2024-03-31/annex_a.xlsx", "List 4 - Assessments", 3),
        ("C3@2023-12-04", D("2024-01-15"), 27, "920/2024-06-30/annex_a.xlsx", "List 4 - Assessments", 3),
        ("C4@2024-01-09", D("2024-03-14"), 47, "920/2024-06-30/annex_a.xlsx", "List 4 - Assessments", 4),
        ("C6@2024-04-16", D("2024-06-24"), 47, "920/2024-06-30/annex_a.xlsx", "List 4 - Assessments", 5),
    ]


def test_children_described_by_their_most_recent_answers(refreshed):
    # C3 is on W2's lists without a date of birth or sex: W1's List 3 gives them (born 9
    # September 2019: 4 when assessed in January 2024). C5's only disability answer is "Unknown":
    # not disabled for the metrics, 'Not known' in the slice; C2 answered yes.
    assert refreshed.query(
        "select age_band, sex, disability from assessment_details where la_code = ? and person_id = 'C3'", [LA]
    ) == [("1-4", "F", "Not disabled")]
    assert value(refreshed, "referrals", "month", "2024-03-01", "disability", "Not known") == (1, None, 1.0)
    assert value(refreshed, "referrals", "quarter", "2023-10-01", "disability", "Disabled") == (1, None, 1.0)


def test_assessment_timeliness_and_the_child_seen(refreshed):
    assert value(refreshed, "assessment_within_45wd", "month", "2023-12-01") == (1, 1, 100.0)  # C2, 32
    assert value(refreshed, "assessment_within_45wd", "month", "2024-01-01") == (1, 1, 100.0)  # C3, 27
    # February: the deleted assessment of C1 is not counted.
    assert value(refreshed, "assessment_within_45wd", "month", "2024-02-01") == (0, 0, None)
    assert value(refreshed, "assessment_within_45wd", "month", "2024-03-01") == (0, 1, 0.0)  # C4, 47
    assert value(refreshed, "assessment_within_45wd", "quarter", "2024-01-01") == (1, 2, 50.0)
    assert value(refreshed, "assessment_within_45wd", "quarter", "2024-04-01") == (0, 1, 0.0)  # C6, 47
    assert value(refreshed, "assessment_median_wd", "quarter", "2024-01-01") == (None, 2, 37.0)  # 27, 47
    # C2 was not seen; C3 (W2's answer replaced W1's empty one), C4 and C6 were.
    assert value(refreshed, "assessment_child_seen", "month", "2023-12-01") == (0, 1, 0.0)
    assert value(refreshed, "assessment_child_seen", "quarter", "2024-01-01") == (2, 2, 100.0)
    assert value(refreshed, "assessments_completed", "financial_year", "2024-04-01") == (1, None, 1.0)
    assert value(refreshed, "assessment_within_45wd", "month", "2024-01-01", "team", "Team North") == (1, 1, 100.0)


def test_s47_enquiries_by_their_start_and_their_conferences(refreshed):
    # Started in December 2023 (C3): a conference date is recorded.
    assert value(refreshed, "s47_to_icpc", "month", "2023-12-01") == (1, 1, 100.0)
    # February (C4): deemed unnecessary.
    assert value(refreshed, "s47_to_icpc", "month", "2024-02-01") == (0, 1, 0.0)
    # April to June: C6 (a conference) and C2 (none yet).
    assert value(refreshed, "s47_to_icpc", "quarter", "2024-04-01") == (1, 2, 50.0)
    assert value(refreshed, "s47_enquiries", "quarter", "2024-04-01") == (2, None, 2.0)
    # C3's conference of 3 January is kept though W2 does not list its enquiry.
    assert value(refreshed, "icpc_within_15wd", "month", "2024-01-01") == (1, 1, 100.0)  # 14
    assert value(refreshed, "icpc_to_cp_plan", "month", "2024-01-01") == (1, 1, 100.0)
    assert value(refreshed, "icpc_within_15wd", "month", "2024-05-01") == (1, 1, 100.0)  # 15
    assert value(refreshed, "icpc_to_cp_plan", "month", "2024-05-01") == (0, 1, 0.0)
    conferences = refreshed.query(
        "select icpc_id, s47_enquiry_id, working_days_from_s47_start, source_file, source_location, source_row "
        "from icpc_details where la_code = ? order by icpc_date", [LA])
    assert conferences == [
        ("C3@2024-01-03", "C3@2023-12-11", 14, "920/2024-03-31/annex_a.xlsx", "List 5", 2),
        ("C6@2024-05-14", "C6@2024-04-22", 15, "920/2024-06-30/annex_a.xlsx", "List 5", 3),
    ]


def test_cp_visits_judged_on_each_workbooks_day(refreshed):
    # March, on W1's day: C3 seen 4 working days before, C1 14.
    assert value(refreshed, "cp_visit_within_10wd", "month", "2024-03-01") == (1, 2, 50.0)
    assert value(refreshed, "cp_visit_within_10wd", "quarter", "2024-01-01") == (1, 2, 50.0)
    # No workbook in April or May: no cohort, no value (never 0).
    assert value(refreshed, "cp_visit_within_10wd", "month", "2024-04-01") == (0, 0, None)
    # June, on W2's day: C3 seen 5 working days before; C1's plan has ended.
    assert value(refreshed, "cp_visit_within_10wd", "month", "2024-06-01") == (1, 1, 100.0)
    judged = refreshed.query(
        "select person_id, as_at_date, judged_on, last_seen_visit_date, working_days_since_seen_visit, "
        "cp_visit_within_10wd, source_file, source_location, source_row from cp_visit_details "
        "where la_code = ? and source_file is not null order by as_at_date, person_id", [LA])
    assert judged == [
        ("C1", D("2024-03-31"), D("2024-03-31"), D("2024-03-08"), 14, False, "920/2024-03-31/annex_a.xlsx", "List 7", 3),
        ("C3", D("2024-03-31"), D("2024-03-31"), D("2024-03-22"), 4, True, "920/2024-03-31/annex_a.xlsx", "List 7", 2),
        ("C3", D("2024-06-30"), D("2024-06-30"), D("2024-06-21"), 5, True, "920/2024-06-30/annex_a.xlsx", "List 7", 2),
    ]
    # The plans themselves are the assembled history: on 30 April C3's and C1's run (W2 says
    # C1's ended 31 May); on 30 June only C3's.
    assert value(refreshed, "children_on_cp_plan", "month", "2024-04-01") == (2, None, 2.0)
    assert value(refreshed, "children_on_cp_plan", "month", "2024-06-01") == (1, None, 1.0)


def test_referrals_re_referrals_and_children_open(refreshed):
    assert value(refreshed, "referrals", "quarter", "2023-10-01") == (3, None, 3.0)
    # January: C4 (first) and C1 (referred 2 October before): one of two.
    assert value(refreshed, "re_referral_12m", "month", "2024-01-01") == (1, 2, 50.0)
    # May: C2, referred 16 October before (W1's record, kept).
    assert value(refreshed, "re_referral_12m", "month", "2024-05-01") == (1, 1, 100.0)
    # 31 March: C1 (W2: open until 31 May), C3 and C4; C5's NFA referral has no episode.
    assert value(refreshed, "children_open", "month", "2024-03-01") == (3, None, 3.0)
    # 30 June: C3, C4, C6 and C2 (a new episode); C1's closed 31 May.
    assert value(refreshed, "children_open", "month", "2024-06-01") == (4, None, 4.0)


def test_what_annex_a_cannot_give_is_not_available_never_zero(refreshed):
    assert refreshed.query(
        "select count(*) from metric_values where la_code = ? and metric_id in "
        "('assessment_domestic_abuse_factor', 'assessment_seen_within_5wd', 'oversight_within_20wd')", [LA]
    ) == [(0,)]
    reasons = refreshed.query(
        "select distinct unavailable_reason from metric_availability where la_code = ? "
        "and metric_id = 'assessment_domestic_abuse_factor'", [LA])
    assert reasons == [(NOT_FROM_ANNEX_A,)]
    tracked = {row[0] for row in refreshed.query("select metric_id from improvement_tracker where la_code = ?", [LA])}
    assert "assessment_domestic_abuse_factor" not in tracked
    assert {"assessment_within_45wd", "s47_to_icpc", "cp_visit_within_10wd"} <= tracked


def test_a_workbook_is_fresh_by_its_newest_referral_assessment_or_visit(refreshed):
    # W1 (Sunday 31 March): the newest is C3's last statutory visit on Friday 22 March (List 7),
    # 4 working days before (Good Friday is a bank holiday). W2 (Sunday 30 June): C6's assessment
    # authorised on Monday 24 June (List 4), 4 working days before. Both fresh.
    assert refreshed.query(
        "select cast(extract_date as varchar), cast(newest_activity_date as varchar), newest_activity, "
        "working_days_before_extract, is_stale, is_current from delivery_freshness where la_code = ? "
        "order by extract_date", [LA]
    ) == [
        ("2024-03-31", "2024-03-22", "visit", 4, False, False),
        ("2024-06-30", "2024-06-24", "assessment", 4, False, True),
    ]


def test_the_overview_shows_the_figures_and_says_what_is_not_available(monkeypatch, refreshed):
    monkeypatch.setenv("CSC_SERVING_PATH", str(refreshed.serving_path))
    for variable, setting in settings_environment(refreshed.serving_path.parent / "access_log.jsonl").items():
        monkeypatch.setenv(variable, setting)
    app = signed_in(AppTest.from_file(str(MAIN_SCRIPT), default_timeout=120), ENGINEER).run()
    app.sidebar.selectbox(key="authority").select(LA).run()
    assert not app.exception, [e.message for e in app.exception]
    notes = [note.value for note in app.info]
    assert NOT_FROM_ANNEX_A in notes
    assert not app.warning, [w.value for w in app.warning]  # a fresh workbook: no banner
    # The cards of the measures Annex A gives show their latest complete month, June 2024.
    assert "Jun 2024" in [metric.label for metric in app.metric]


# -- The same authority as SSD extract (901) and as Annex A workbooks (902) -------------------
#
# 902's workbooks are monthly, from 31 March 2023: its history starts on 1 October 2022 (the
# first window), 901's on 1 April 2022. Wherever 902's history is complete (history_complete:
# the period, its look-back and the metric's 12-month warm-up inside the history), every
# metric Annex A can give has the same value for 902 as for 901, in every slice, but for the
# readings Annex A imposes, checked against 901's own records read the Annex A way:
#
# - s47_to_icpc: Annex A has no S47 end date: the enquiries *started* in the period, met when
#   a conference was held (deemed unnecessary: ended without one);
# - icpc_within_15wd, icpc_to_cp_plan: a List 5 conference follows the authority's own
#   enquiry, so Annex A cannot tell a transfer in: transfers in are in its cohorts;
# - cp_visit_within_10wd: List 7 gives each plan's latest visit, not whether the child was
#   seen on it: on each workbook's day, the children on a plan for more than 10 working days,
#   met when the latest visit of a plan running that day is 10 working days or fewer before it
#   (seen or not; the SSD reading counts visits in which the child was seen).
READINGS = {"s47_to_icpc", "icpc_within_15wd", "icpc_to_cp_plan", "cp_visit_within_10wd"}


def annex_a_metrics(refreshed: Refreshed) -> set[str]:
    return {row[0] for row in refreshed.query(
        "select metric_id from metric_catalogue where list_contains(kinds, 'annex_a')")}


def test_the_same_authority_gives_the_same_figures_from_either_delivery(refreshed):
    compared = sorted(annex_a_metrics(refreshed) - READINGS)
    assert len(compared) == 12
    assert differing_values(refreshed, SSD, ANNEX_A, compared) == []
    # The comparison is not empty: 902 has complete periods of every one of them, from
    # October 2023 (12 months into its history) to the extract date's month.
    counts = complete_months(refreshed, ANNEX_A, compared)
    assert set(counts) == set(compared)
    assert min(counts.values()) >= 37
    # And 902's history starts where its first workbook's window does.
    assert refreshed.query(
        "select min(period_start) from metric_values where la_code = ? and metric_id = 'referrals' "
        "and history_complete and period_grain = 'month'", [ANNEX_A]) == [(D("2022-10-01"),)]


def annex_a_months(refreshed: Refreshed, metric_id: str) -> dict:
    """902's complete months of a metric, whole authority: month -> (numerator, denominator)."""
    return {
        month: (numerator, denominator) for month, numerator, denominator in refreshed.query(
            "select period_start, numerator, denominator from metric_values where la_code = ? "
            "and metric_id = ? and period_grain = 'month' and dimension = 'all' and history_complete",
            [ANNEX_A, metric_id])
    }


def monthly_values(refreshed: Refreshed, la_code: str, metric_id: str, months: dict) -> dict:
    """An authority's whole-authority values of a metric for the months given."""
    rows = dict(
        (month, (numerator, denominator)) for month, numerator, denominator in refreshed.query(
            "select period_start, numerator, denominator from metric_values where la_code = ? "
            "and metric_id = ? and period_grain = 'month' and dimension = 'all'", [la_code, metric_id])
    )
    return {month: rows.get(month) for month in months}


def ssd_read_the_annex_a_way(refreshed: Refreshed, sql: str, months: dict) -> dict:
    """901's records counted by `sql` (month, numerator, denominator), for the months given."""
    counted = {month: (numerator, denominator) for month, numerator, denominator in refreshed.warehouse_query(sql, [SSD])}
    return {month: counted.get(month, (0, 0)) for month in months}


def test_s47_to_icpc_counts_the_enquiries_started_in_the_period(refreshed):
    months = annex_a_months(refreshed, "s47_to_icpc")
    assert len(months) >= 37
    assert months == ssd_read_the_annex_a_way(refreshed, """
        select date_trunc('month', start_date)::date, count_if(has_icpc), count(*)
        from intermediate.int_s47_enquiries where la_code = ? group by 1""", months)
    # Not the SSD reading (enquiries that ended in the period): at least one month differs.
    assert months != monthly_values(refreshed, SSD, "s47_to_icpc", months)


def test_conferences_of_transfers_in_are_in_the_annex_a_cohorts(refreshed):
    within = annex_a_months(refreshed, "icpc_within_15wd")
    assert within == ssd_read_the_annex_a_way(refreshed, """
        select date_trunc('month', icpc_date)::date, count_if(working_days_from_s47_start <= 15), count(*)
        from intermediate.int_icpcs where la_code = ? group by 1""", within)
    plans = annex_a_months(refreshed, "icpc_to_cp_plan")
    assert plans == ssd_read_the_annex_a_way(refreshed, """
        select date_trunc('month', icpc_date)::date, count_if(led_to_cp_plan), count(*)
        from intermediate.int_icpcs where la_code = ? group by 1""", plans)
    transfers = refreshed.warehouse_query(
        "select count(*) from intermediate.int_icpcs where la_code = ? and is_transfer_in", [SSD])
    assert transfers[0][0] >= 1


def test_cp_visits_judged_on_each_workbooks_day_from_the_latest_visit(refreshed):
    months = annex_a_months(refreshed, "cp_visit_within_10wd")
    expected = ssd_read_the_annex_a_way(refreshed, """
        with days as (
            select la_code, period_start as month, as_at_date as day from intermediate.int_periods
            where la_code = ? and period_grain = 'month'
        ),
        running as (
            select days.la_code, days.month, days.day, plan.person_id, plan.cp_plan_id, plan.start_date
            from days
            inner join staging.stg_cp_plans as plan
                on plan.la_code = days.la_code and plan.start_date <= days.day
                and (plan.end_date is null or plan.end_date > days.day)
        ),
        latest as (
            select running.*, (
                select max(visit.visit_date) from staging.stg_cp_visits as visit
                where visit.la_code = running.la_code and visit.cp_plan_id = running.cp_plan_id
                    and visit.visit_date <= running.day
            ) as last_visit
            from running
        ),
        children as (
            select month, day, person_id, min(start_date) as first_start, max(last_visit) as last_visit
            from latest group by all
        ),
        numbered as (
            select children.*, on_day.working_day_number as day_number,
                   started.working_day_number as start_number, visited.working_day_number as visit_number
            from children
            inner join intermediate.int_calendar as on_day on on_day.calendar_date = children.day
            inner join intermediate.int_calendar as started on started.calendar_date = children.first_start
            left join intermediate.int_calendar as visited on visited.calendar_date = children.last_visit
        )
        select month, count_if(day_number - visit_number <= 10), count(*)
        from numbered where day_number - start_number > 10 group by 1""", months)
    assert months == expected
    # Not the SSD reading, which counts only visits in which the child was seen.
    ssd = monthly_values(refreshed, SSD, "cp_visit_within_10wd", months)
    assert all(ssd[month][1] == months[month][1] and ssd[month][0] <= months[month][0] for month in months)
    assert any(ssd[month][0] < months[month][0] for month in months)
