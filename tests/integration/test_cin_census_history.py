"""Authorities that send CIN census returns, end to end through the refresh job (load, dbt build,
publish): one refresh of one landing area holding

- authority 930: two hand-made returns, every figure worked out by hand and traced to the
  return and element it came from (below);
- authority 931: one hand-made return in which two enquiries of one child record the same
  conference (the test at the end of the section on 930);
- authorities 901, 903 and 904: the same synthetic authority (seeds.generate, seed 7, a small
  one, extract date 30 September 2024), 901 as its SSD extract, 903 as its four annual census
  returns (the years to March 2021 ... March 2024), 904 as the same returns followed by six
  months of Annex A workbooks (April to September 2024), compared period by period (the tests
  at the end of this module).

Authority 930. R1 is the return of the year to 31 March 2023 (delivered 20 April 2023), R2 of
the year to 31 March 2024 (delivered 22 April 2024). Each covers its collection year: R2
replaces R1's records dated after 31 March 2023, and wherever it holds a record R1 held (the
same child and date); R1's others are kept.

- K1's referral of 1 February 2023 is open across 31 March 2023: open in R1, closed 30 June 2023
  in R2; one record. Its assessment of 2 February is open in R1 and authorised 14 April 2023 in
  R2 (49 working days: 18 in February after the 2nd, 23 in March, 8 in April, Good Friday and
  Easter Monday being bank holidays), with the factors 3B (domestic abuse) and 16A (neglect).
  Its enquiry of 6 February had its conference on 20 February (10 working days), and a plan
  began that day (so the conference led to a plan); the plan ended 15 June 2023. K1 was referred
  again on 4 September 2023 (a re-referral), assessed from 5 September to 31 October (40
  working days, no factors).
- K2 was referred 1 June 2022 (assessed 2 June to 1 July, 20 working days, factor 3A) and again
  5 June 2023, more than 12 months later: no re-referral (assessed 6 to 30 June, 18, factor 3C).
- K3's referral of 1 November 2022, closed 15 January 2023, is in R1 only: dated in year 1, it
  is kept (assessed 2 November to 1 December, 21 working days, factor 16A).
- K4's referral of 1 March 2023 is in R1 only. The referral, dated in year 1, is kept (March
  2023 has one referral); its episode, open in R1, is dated by R1's delivery day (20 April
  2023, inside R2's year) and R2 does not hold it: deleted, so K4 is never open after R1.
- K5 was referred 2 May 2023 with no further action; K6 three times (3 April and 3 July 2023,
  both no further action, and 1 November 2023, assessed 2 November to 1 December with neglect,
  16A): on 30 November 2023 K6 has 3 referrals in 24 months and no neglect recorded yet; on 31
  December it has.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from seeds.generate import generate
from tests.integration.refreshed_warehouse import Refreshed, complete_months, differing_values, refresh
from tests.orchestration.census_returns import (
    assessment,
    census_return,
    child,
    cp_plan,
    deliver_return,
    episode,
    section_47,
)

pytestmark = pytest.mark.slow

LA = "930"
D = dt.date.fromisoformat
NOT_FROM_CENSUS = "Not available from CIN census returns: they do not record what this measure needs."

FIRST_RETURN = census_return(LA, "2023-03-31", [
    child("K1", episode("2023-02-01", assessment("2023-02-02"), section_47("2023-02-06", icpc="2023-02-20"),
                        cp_plan("2023-02-20")), birth="2015-05-01"),
    child("K2", episode("2022-06-01", assessment("2022-06-02", "2022-07-01", ("3A",)), closure="2022-09-30"),
          sex="<Sex>1</Sex>", birth="2012-02-02", disabilities=("AUT",)),
    child("K3", episode("2022-11-01", assessment("2022-11-02", "2022-12-01", ("16A",)), closure="2023-01-15"),
          birth="2019-09-09"),
    child("K4", episode("2023-03-01"), birth="2010-01-10"),
])
SECOND_RETURN = census_return(LA, "2024-03-31", [
    child("K1",
          episode("2023-02-01", assessment("2023-02-02", "2023-04-14", ("3B", "16A")),
                  section_47("2023-02-06", icpc="2023-02-20"),
                  cp_plan("2023-02-20", "2023-06-15", reviews=("2023-05-10",)),
                  closure="2023-06-30", closure_reason="RC1"),
          episode("2023-09-04", assessment("2023-09-05", "2023-10-31")),
          birth="2015-05-01"),
    child("K2", episode("2023-06-05", assessment("2023-06-06", "2023-06-30", ("3C",))),
          sex="<Sex>1</Sex>", birth="2012-02-02", disabilities=("AUT",)),
    child("K5", episode("2023-05-02", nfa="true", closure="2023-05-02", closure_reason="RC8"), birth="2008-08-08"),
    child("K6", episode("2023-04-03", nfa="true", closure="2023-04-03", closure_reason="RC8"),
          episode("2023-07-03", nfa="true", closure="2023-07-03", closure_reason="RC8"),
          episode("2023-11-01", assessment("2023-11-02", "2023-12-01", ("16A",))), birth="2011-11-11"),
])
R1_DAY, R2_DAY = "2023-04-20", "2024-04-22"
# Authority 931: K1's episode of 2 January 2024 holds two enquiries, begun 8 and 15 January, and
# both record the conference of 25 January, which the episode records too.
TWO_ENQUIRIES_LA, TWO_ENQUIRIES_DAY = "931", "2024-04-19"
TWO_ENQUIRIES_RETURN = census_return(TWO_ENQUIRIES_LA, "2024-03-31", [
    child("K1", episode("2024-01-02", section_47("2024-01-08", icpc="2024-01-25"),
                        section_47("2024-01-15", icpc="2024-01-25"), icpc="2024-01-25")),
])

SSD, CENSUS, CENSUS_THEN_ANNEX_A = "901", "903", "904"
GENERATED = {
    "authorities": 1, "seed": 7, "referrals_per_year": 200, "defect_rate": 0, "progress": False,
    "extract_date": D("2024-09-30"),
}


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Refreshed:
    root = tmp_path_factory.mktemp("census_history")
    landing = root / "landing"
    deliver_return(landing, LA, R1_DAY, FIRST_RETURN)
    deliver_return(landing, LA, R2_DAY, SECOND_RETURN)
    deliver_return(landing, TWO_ENQUIRIES_LA, TWO_ENQUIRIES_DAY, TWO_ENQUIRIES_RETURN)
    generate(landing, **GENERATED)
    generate(root / "census", format="cin-census", **GENERATED)
    for folder in sorted((root / "census" / SSD).iterdir()):
        text = (folder / "cin_census.xml").read_text(encoding="utf-8")
        for la in (CENSUS, CENSUS_THEN_ANNEX_A):
            deliver_return(landing, la, folder.name, text.replace(f"<LEA>{SSD}</LEA>", f"<LEA>{la}</LEA>"))
    generate(root / "annex_a", format="annex-a", snapshots="monthly", **GENERATED)
    for folder in sorted((root / "annex_a" / SSD).iterdir()):
        if folder.name > "2024-03-31":  # the last six months' workbooks
            shutil.copytree(folder, landing / CENSUS_THEN_ANNEX_A / folder.name)
    return refresh(root, landing)


def value(refreshed: Refreshed, metric_id: str, start: str, dimension: str = "all", dimension_value: str = "all",
          la_code: str = LA):
    """(numerator, denominator, value) of an authority's published month row (930's unless
    la_code names another), or None."""
    rows = refreshed.query(
        "select numerator, denominator, value from metric_values where la_code = ? and metric_id = ? "
        "and period_grain = 'month' and period_start = ? and dimension = ? and dimension_value = ?",
        [la_code, metric_id, start, dimension, dimension_value],
    )
    assert len(rows) <= 1, rows
    return rows[0] if rows else None


def test_both_returns_load_with_their_windows(refreshed):
    assert refreshed.query(
        "select snapshot_date, status, kind from snapshot_loads where la_code = ? order by 1", [LA]
    ) == [(D(R1_DAY), "loaded", "cin_census"), (D(R2_DAY), "loaded", "cin_census")]
    assert refreshed.warehouse_query(
        "select extract_date, window_start, window_end from staging.stg_snapshot_windows "
        "where la_code = ? order by 1", [LA]
    ) == [(D(R1_DAY), D("2022-03-31"), D("2023-03-31")), (D(R2_DAY), D("2023-03-31"), D("2024-03-31"))]


def test_one_record_across_the_years_traced_to_its_return_and_element(refreshed):
    assert refreshed.warehouse_query(
        "select referral_id, referral_date, close_date, source_file, source_location "
        "from staging.stg_referrals where la_code = ? order by person_id, referral_date", [LA]
    ) == [
        ("K1@2023-02-01", D("2023-02-01"), D("2023-06-30"), f"{LA}/{R2_DAY}/cin_census.xml", "Child[1]/CINdetails[1]"),
        ("K1@2023-09-04", D("2023-09-04"), None, f"{LA}/{R2_DAY}/cin_census.xml", "Child[1]/CINdetails[2]"),
        ("K2@2022-06-01", D("2022-06-01"), D("2022-09-30"), f"{LA}/{R1_DAY}/cin_census.xml", "Child[2]/CINdetails[1]"),
        ("K2@2023-06-05", D("2023-06-05"), None, f"{LA}/{R2_DAY}/cin_census.xml", "Child[2]/CINdetails[1]"),
        ("K3@2022-11-01", D("2022-11-01"), D("2023-01-15"), f"{LA}/{R1_DAY}/cin_census.xml", "Child[3]/CINdetails[1]"),
        ("K4@2023-03-01", D("2023-03-01"), None, f"{LA}/{R1_DAY}/cin_census.xml", "Child[4]/CINdetails[1]"),
        ("K5@2023-05-02", D("2023-05-02"), D("2023-05-02"), f"{LA}/{R2_DAY}/cin_census.xml", "Child[3]/CINdetails[1]"),
        ("K6@2023-04-03", D("2023-04-03"), D("2023-04-03"), f"{LA}/{R2_DAY}/cin_census.xml", "Child[4]/CINdetails[1]"),
        ("K6@2023-07-03", D("2023-07-03"), D("2023-07-03"), f"{LA}/{R2_DAY}/cin_census.xml", "Child[4]/CINdetails[2]"),
        ("K6@2023-11-01", D("2023-11-01"), None, f"{LA}/{R2_DAY}/cin_census.xml", "Child[4]/CINdetails[3]"),
    ]
    # K4's episode is gone with R2: a referral without one (never open).
    assert refreshed.warehouse_query(
        "select person_id from staging.stg_referrals where la_code = ? and referral_only", [LA]
    ) == [("K4",)]
    assert refreshed.query(
        "select assessment_id, working_days_to_authorisation, source_file, source_location, source_row "
        "from assessment_details where la_code = ? and assessment_id = 'K1@2023-02-02'", [LA]
    ) == [("K1@2023-02-02", 49, f"{LA}/{R2_DAY}/cin_census.xml", "Child[1]/CINdetails[1]/Assessments[1]", 13)]


def test_referrals_and_re_referrals(refreshed):
    counts = {month: value(refreshed, "referrals", month) for month in
              ("2022-06-01", "2022-11-01", "2023-02-01", "2023-03-01", "2023-04-01", "2023-09-01")}
    assert {month: row[0] for month, row in counts.items()} == {
        "2022-06-01": 1, "2022-11-01": 1, "2023-02-01": 1, "2023-03-01": 1, "2023-04-01": 1, "2023-09-01": 1,
    }
    assert value(refreshed, "re_referral_12m", "2023-09-01")[:2] == (1, 1)
    assert value(refreshed, "re_referral_12m", "2023-06-01")[:2] == (0, 1)


def test_assessments_and_their_factors(refreshed):
    assert value(refreshed, "assessment_within_45wd", "2023-04-01")[:2] == (0, 1)  # 49 working days
    assert value(refreshed, "assessment_within_45wd", "2023-10-01")[:2] == (1, 1)  # 40
    assert value(refreshed, "assessment_median_wd", "2023-06-01")[2] == 18
    factors = {
        month: (value(refreshed, "assessment_domestic_abuse_factor", month)[:2],
                value(refreshed, "assessment_neglect_factor", month)[:2])
        for month in ("2022-07-01", "2022-12-01", "2023-04-01", "2023-06-01", "2023-10-01")
    }
    assert factors == {
        "2022-07-01": ((1, 1), (0, 1)),  # K2: 3A
        "2022-12-01": ((0, 1), (1, 1)),  # K3: 16A, kept from R1
        "2023-04-01": ((1, 1), (1, 1)),  # K1: 3B and 16A
        "2023-06-01": ((1, 1), (0, 1)),  # K2: 3C
        "2023-10-01": ((0, 1), (0, 1)),  # K1: no factors recorded
    }


def test_repeat_referrals_without_neglect(refreshed):
    assert value(refreshed, "repeat_referrals_without_neglect", "2023-11-01")[:2] == (1, 1)
    assert value(refreshed, "repeat_referrals_without_neglect", "2023-12-01")[:2] == (0, 1)


def test_enquiries_conferences_and_plans(refreshed):
    assert value(refreshed, "s47_to_icpc", "2023-02-01")[:2] == (1, 1)
    assert value(refreshed, "icpc_within_15wd", "2023-02-01")[:2] == (1, 1)
    assert value(refreshed, "icpc_to_cp_plan", "2023-02-01")[:2] == (1, 1)
    on_plan = {month: value(refreshed, "children_on_cp_plan", month)[0]
               for month in ("2023-02-01", "2023-05-01", "2023-06-01")}
    assert on_plan == {"2023-02-01": 1, "2023-05-01": 1, "2023-06-01": 0}


def test_two_enquiries_that_led_to_one_conference_are_each_met(refreshed):
    """931: each enquiry recording the conference of 25 January has it as its own (ids made
    unique by the enquiry's start); the episode's record of the same date is not a third. Both
    enquiries, begun in January, are met; the conference is 13 working days after the first
    enquiry began and 8 after the second, both within 15."""
    assert refreshed.warehouse_query(
        "select icpc_id, s47_enquiry_id, icpc_date from staging.stg_icpcs where la_code = ? order by 1",
        [TWO_ENQUIRIES_LA],
    ) == [
        ("K1@2024-01-25/2024-01-08", "K1@2024-01-08", D("2024-01-25")),
        ("K1@2024-01-25/2024-01-15", "K1@2024-01-15", D("2024-01-25")),
    ]
    for metric_id in ("s47_to_icpc", "icpc_within_15wd"):
        assert value(refreshed, metric_id, "2024-01-01", la_code=TWO_ENQUIRIES_LA)[:2] == (2, 2), metric_id
    assert value(refreshed, "icpcs", "2024-01-01", la_code=TWO_ENQUIRIES_LA)[0] == 2


def test_no_team_is_recorded_and_what_the_census_cannot_give(refreshed):
    assert refreshed.query(
        "select distinct dimension_value from metric_values where la_code = ? and dimension = 'team'", [LA]
    ) == [("Not recorded",)]
    reasons = dict(refreshed.query(
        "select metric_id, any_value(unavailable_reason) from metric_availability "
        "where la_code = ? and not available group by 1", [LA]))
    for metric_id in ("assessment_child_seen", "assessment_seen_within_5wd", "cp_visit_within_10wd",
                      "oversight_within_20wd", "strategy_multiagency"):
        assert reasons[metric_id] == NOT_FROM_CENSUS
    assert "assessment_neglect_factor" not in reasons
    assert refreshed.query(
        "select count(*) from metric_values where la_code = ? and metric_id = 'assessment_child_seen'", [LA]
    ) == [(0,)]
    # The work lists a return can give are available; a return records no columns left out.
    assert refreshed.query(
        "select worklist, unavailable_reason from worklist_availability where la_code = ? "
        "and not available order by worklist", [LA]
    ) == [
        (worklist, "Not available from CIN census returns: they do not record what this list needs.")
        for worklist in ("worklist_homeless_without_s20_advice", "worklist_oversight_overdue")
    ]


# What the census reads differently from an SSD extract, and so is left out of the comparison
# (docs/metrics.md, "Which deliveries can give a metric"):
# - s47_to_icpc: a return has no enquiry end date: the enquiries started in the period;
# - icpc_within_15wd, icpc_to_cp_plan: a return cannot say a conference was of a child
#   transferred in, so those conferences are in its cohorts (the SSD extract leaves them out),
#   and a conference led to a plan when a plan began on its day.
READINGS = {"s47_to_icpc", "icpc_within_15wd", "icpc_to_cp_plan"}


def census_metrics(refreshed: Refreshed) -> set[str]:
    return {row[0] for row in refreshed.query(
        "select metric_id from metric_catalogue where list_contains(kinds, 'cin_census')")}


def test_the_same_authority_gives_the_same_figures_from_either_delivery(refreshed):
    compared = sorted(census_metrics(refreshed) - READINGS)
    assert len(compared) == 14
    assert differing_values(refreshed, SSD, CENSUS, compared, skipped_dimensions=("team", "worker")) == []
    counts = complete_months(refreshed, CENSUS, compared)
    assert set(counts) == set(compared)
    assert min(counts.values()) >= 24  # to March 2024, after the warm-ups and look-backs
    # The census authority's history starts where its first return's year does.
    assert refreshed.query(
        "select min(period_start) from metric_values where la_code = ? and metric_id = 'referrals' "
        "and history_complete and period_grain = 'month'", [CENSUS]) == [(D("2020-04-01"),)]


def test_s47_to_icpc_counts_the_enquiries_started_in_the_period(refreshed):
    months = {
        month: (numerator, denominator) for month, numerator, denominator in refreshed.query(
            "select period_start, numerator, denominator from metric_values where la_code = ? "
            "and metric_id = 's47_to_icpc' and period_grain = 'month' and dimension = 'all' "
            "and history_complete", [CENSUS])
    }
    assert len(months) >= 36
    # The SSD enquiries counted by their start, met by a conference held by the last return's
    # reference date (what the returns can know; the extract of September knows later ones).
    counted = {month: (numerator, denominator) for month, numerator, denominator in refreshed.warehouse_query(
        "select date_trunc('month', enquiry.start_date)::date, count_if(exists (select 1 "
        "from staging.stg_icpcs as icpc where icpc.la_code = enquiry.la_code "
        "and icpc.s47_enquiry_id = enquiry.s47_enquiry_id and icpc.icpc_date <= date '2024-03-31')), "
        "count(*) from intermediate.int_s47_enquiries as enquiry where la_code = ? group by 1", [SSD])}
    assert months == {month: counted.get(month, (0, 0)) for month in months}


# What Annex A reads differently again (test_annex_a_history.py).
ANNEX_A_READINGS = {"cp_visit_within_10wd", "assessment_child_seen"}


def test_past_census_years_and_present_annex_a_months_make_one_unbroken_history(refreshed):
    both = sorted(
        {row[0] for row in refreshed.query(
            "select metric_id from metric_catalogue where list_contains(kinds, 'cin_census') "
            "and list_contains(kinds, 'annex_a')")} - READINGS - ANNEX_A_READINGS
    )
    assert len(both) == 11
    assert differing_values(refreshed, SSD, CENSUS_THEN_ANNEX_A, both, skipped_dimensions=("team", "worker")) == []
    # Unbroken: every month from the first complete one to September 2024, for each of them.
    months = refreshed.query(
        "select metric_id, min(period_start), max(period_start), count(distinct period_start) "
        "from metric_values where la_code = ? and history_complete and period_grain = 'month' "
        "and dimension = 'all' and list_contains(?, metric_id) group by 1", [CENSUS_THEN_ANNEX_A, both])
    assert {metric for metric, *_ in months} == set(both)
    for metric, first, last, count in months:
        assert last == D("2024-09-01"), metric
        assert count == (last.year - first.year) * 12 + last.month - first.month + 1, metric
    # The factors come from the census years and stop where the workbooks take over.
    reasons = dict(refreshed.query(
        "select period_start, unavailable_reason from metric_availability where la_code = ? "
        "and metric_id = 'assessment_neglect_factor' and period_grain = 'month' "
        "and period_start in ('2023-06-01', '2024-06-01')", [CENSUS_THEN_ANNEX_A]))
    assert reasons == {
        D("2023-06-01"): None,
        D("2024-06-01"): "Not available from Annex A workbooks: they do not record what this measure needs.",
    }
