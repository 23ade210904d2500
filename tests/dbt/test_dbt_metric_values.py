"""metric_values on the hand-made authorities, against numbers worked out by hand.

Authority 990 (extract date Monday 2023-05-15, teams sent as ids with ssd_department):
- A01 and A02 started Monday 2022-11-21; A01 was authorised on the 45th working day after
  (Thursday 2023-01-26: 26 and 27 December and 2 January are bank holidays), A02 on the 46th.
  A03 was authorised on its start day (0). A04 and A05 started Monday 2023-02-20 and were
  authorised on the 45th (2023-04-26) and 46th (2023-04-27) working days across Easter. A11 took
  19 (2023-03-06 to 2023-03-31). A09 is still open (started 2023-02-13).
- S01 started Thursday 2022-09-01 and its conference I01 was on Friday 2022-09-23: 15 working
  days only because Monday 19 September 2022 was a bank holiday. I02 (enquiry S02, same start)
  on Monday 26 September: 16. S03 ended 2023-03-30 and its conference I03 was on 2023-04-03.
  I04 and I05 are transfers in; I05 points at S05, which therefore has a conference.
- C06 (disabled) was last assessed 2022-03-30, 366 days before 2023-03-31; C07 (disabled) on
  2022-06-15.
- H01 (2023-01-12) has no outcome yet; H02 and H03 are in March 2023.
- Referrals: besides one per child (R01-R10), C04 has NFA referrals R12 (2022-06-01) and R13
  (2022-10-03) before R04 (2023-01-10); C01 has NFA referrals R14 (2022-08-01) and R15
  (2023-02-01) while its episode R01 (2022-03-01) stays open; C09 is re-referred (R11, NFA,
  2023-04-20) after R08 (2022-09-05).
- Audits AU1-AU3 in March 2023 (GOOD, INADEQUATE, OUTSTANDING; AU3 has no team), AU4 in April
  (REQUIRES_IMPROVEMENT). Prevent referrals PV1-PV3 in February 2023. Strategy discussions SD1
  and SD4 in March, SD2 and SD3 in April. CP visits of C01, C02 and C06 in April and May 2023.
Authority 991 (extract date 2023-04-20) sends no ssd_department, no ext_direct_payments, no
ext_case_audits, ext_strategy_discussions, ext_case_notes or ext_prevent_referrals, and a
header-only ext_homeless_presentations file.
"""

from datetime import date

import pytest


def test_45_working_days_across_christmas_two_of_three(warehouse):
    # A01 (45) and A03 (0) within, A02 (46) not.
    numerator, denominator, value, complete = warehouse.metric_row(
        "990", "assessment_within_45wd", "month", "2023-01-01"
    )
    assert (numerator, denominator, complete) == (2, 3, True)
    assert value == pytest.approx(200 / 3)


def test_45_working_days_across_easter_in_an_incomplete_quarter(warehouse):
    # April to June 2023 has not ended on 2023-05-15: A04 (45) within, A05 (46) not.
    assert warehouse.metric_row("990", "assessment_within_45wd", "quarter", "2023-04-01") == (1, 2, 50.0, False)


def test_team_slice_uses_department_names(warehouse):
    assert warehouse.metric_row(
        "990", "assessment_within_45wd", "month", "2023-01-01", "team", "Assessment Team 1"
    ) == (2, 2, 100.0, True)
    assert warehouse.metric_row(
        "990", "assessment_within_45wd", "month", "2023-01-01", "team", "Assessment Team 2"
    ) == (0, 1, 0.0, True)


def test_empty_cohort_is_null_not_zero(warehouse):
    # No assessment was authorised in February 2023.
    assert warehouse.metric_row("990", "assessment_within_45wd", "month", "2023-02-01") == (0, 0, None, True)
    assert warehouse.metric_row("990", "assessment_median_wd", "month", "2023-02-01") == (None, 0, None, True)


def test_median_interpolates_an_even_count(warehouse):
    # April 2023: 45 and 46 -> 45.5. January to March 2023: 0, 19, 45, 46 -> (19 + 45) / 2.
    assert warehouse.metric_row("990", "assessment_median_wd", "month", "2023-04-01") == (None, 2, 45.5, True)
    assert warehouse.metric_row("990", "assessment_median_wd", "quarter", "2023-01-01") == (None, 4, 32.0, True)


def test_icpc_within_15_working_days_over_the_state_funeral(warehouse):
    # I01 after 15 working days (within), I02 after 16 (not).
    assert warehouse.metric_row("990", "icpc_within_15wd", "month", "2022-09-01") == (1, 2, 50.0, True)


def test_transfer_in_left_out_of_icpc_rates_but_counted(warehouse):
    # February 2023's only conference, I05, is a transfer in.
    assert warehouse.metric_row("990", "icpc_within_15wd", "month", "2023-02-01") == (0, 0, None, True)
    assert warehouse.metric_row("990", "icpc_to_cp_plan", "month", "2023-02-01") == (0, 0, None, True)
    assert warehouse.metric_row("990", "icpcs", "month", "2023-02-01") == (1, None, 1.0, True)
    # April 2023: I03 (within 10 working days, plan) and the transfer in I04.
    assert warehouse.metric_row("990", "icpc_within_15wd", "month", "2023-04-01") == (1, 1, 100.0, True)
    assert warehouse.metric_row("990", "icpcs", "month", "2023-04-01") == (2, None, 2.0, True)


def test_s47_ending_in_march_with_its_conference_in_april(warehouse):
    assert warehouse.metric_row("990", "s47_to_icpc", "month", "2023-03-01") == (1, 1, 100.0, True)
    # 2022-23: S01, S02 (conferences), S04 (NFA, none), S05 (transfer-in conference), S03.
    assert warehouse.metric_row("990", "s47_to_icpc", "financial_year", "2022-04-01") == (4, 5, 80.0, True)


def test_worker_slice_of_an_enquiry_without_a_worker(warehouse):
    assert warehouse.metric_row(
        "990", "s47_to_icpc", "month", "2022-12-01", "worker", "Not recorded"
    ) == (0, 1, 0.0, True)


def test_disabled_child_last_assessed_366_days_before(warehouse):
    # 31 March 2023: C06 (2022-03-30) has no assessment in the 12 months; C07 has.
    assert warehouse.metric_row("990", "cwd_no_assessment_12m", "month", "2023-03-01") == (1, 2, 50.0, True)
    # 28 February 2023: C06's assessment is still within the 12 months.
    assert warehouse.metric_row("990", "cwd_no_assessment_12m", "month", "2023-02-01") == (0, 2, 0.0, True)


def test_as_at_metrics_of_an_incomplete_period_look_at_the_extract_date(warehouse):
    # On 2023-05-15 A09 has been open 61 working days; on 30 April, 52; on 31 March, 34.
    assert warehouse.metric_row("990", "assessments_open_over_45wd", "month", "2023-05-01") == (1, None, 1.0, False)
    assert warehouse.metric_row("990", "assessments_open_over_45wd", "month", "2023-04-01") == (1, None, 1.0, True)
    assert warehouse.metric_row("990", "assessments_open_over_45wd", "month", "2023-03-01") == (0, None, 0.0, True)
    # DP1 (started 2022-04-01, never reviewed) is overdue from 2 April 2023; DP2 is not.
    assert warehouse.metric_row(
        "990", "cwd_direct_payment_review_overdue", "financial_year", "2023-04-01"
    ) == (1, 2, 50.0, False)


def test_homeless_presentation_without_outcome_and_empty_month(warehouse):
    assert warehouse.metric_row(
        "990", "homeless_presentations", "month", "2023-01-01", "outcome", "undecided"
    ) == (1, None, 1.0, True)
    assert warehouse.metric_row("990", "homeless_presentations", "month", "2023-02-01") == (0, None, 0.0, True)
    assert warehouse.metric_row("990", "homeless_advised_of_s20", "month", "2023-02-01") == (0, 0, None, True)
    # March 2023: H02 advised, assessed (its own A11) and accommodated; H03 none of these.
    for metric in ("homeless_advised_of_s20", "homeless_assessed", "homeless_accommodated_s20"):
        assert warehouse.metric_row("990", metric, "month", "2023-03-01") == (1, 2, 50.0, True)


def test_counts_of_context_volumes(warehouse):
    # 2022-23: R02-R04, R06-R10 and the NFA R12-R15; eight children open on 2023-05-15 (the
    # NFA referrals open no episode).
    assert warehouse.metric_row("990", "referrals", "financial_year", "2022-04-01")[0] == 12
    assert warehouse.metric_row("990", "referrals", "month", "2023-01-01") == (1, None, 1.0, True)
    assert warehouse.metric_row("990", "children_open", "month", "2023-05-01") == (8, None, 8.0, False)
    assert warehouse.metric_row("990", "children_on_cp_plan", "month", "2023-04-01") == (3, None, 3.0, True)


def test_only_the_newest_snapshot_counts(warehouse):
    # 990's older snapshot holds a referral of January 2021; the newest starts in March 2022.
    first = warehouse.query(
        "select min(period_start) from marts.metric_values where la_code = '990' and period_grain = 'month'"
    )
    assert first == [(date(2022, 3, 1),)]


def test_authority_without_optional_tables(warehouse):
    # 991 sent no ext_direct_payments: no rows at all for the metric that needs it.
    assert warehouse.query(
        "select count(*) from marts.metric_values where la_code = '991' "
        "and metric_id = 'cwd_direct_payment_review_overdue'"
    ) == [(0,)]
    # A header-only ext_homeless_presentations: the metrics exist, with empty cohorts.
    assert warehouse.metric_row("991", "homeless_presentations", "month", "2023-02-01") == (0, None, 0.0, True)
    assert warehouse.metric_row("991", "homeless_assessed", "month", "2023-04-01") == (0, 0, None, False)
    # Without ssd_department the team is the value as delivered.
    assert warehouse.metric_row(
        "991", "assessment_within_45wd", "month", "2023-02-01", "team", "North Team"
    ) == (1, 1, 100.0, True)


def test_every_available_metric_has_an_all_row_for_every_period(warehouse):
    # The generated authority 901 sends every table: 32 metrics x every period of its spine.
    periods, metrics = warehouse.query(
        """
        select
            (select count(*) from intermediate.int_periods where la_code = '901'),
            (select count(*) from marts.metric_catalogue)
        """
    )[0]
    all_rows = warehouse.query(
        "select count(*), count(distinct metric_id) from marts.metric_values "
        "where la_code = '901' and dimension = 'all'"
    )
    assert metrics == 32
    assert all_rows == [(periods * metrics, metrics)]


def test_slices_of_each_metric(warehouse):
    rows = warehouse.query(
        "select metric_id, list(distinct dimension order by dimension) from marts.metric_values "
        "where la_code = '901' group by metric_id"
    )
    dimensions = dict(rows)
    standard = ["age_band", "all", "disability", "ethnicity_group", "sex", "team"]
    assert dimensions["assessment_within_45wd"] == standard
    assert dimensions["s47_to_icpc"] == sorted(standard + ["worker"])
    assert dimensions["homeless_advised_of_s20"] == ["all", "ethnicity_group", "sex"]
    assert dimensions["homeless_presentations"] == ["all", "outcome"]
    assert dimensions["cwd_direct_payment_review_overdue"] == ["all"]
    assert dimensions["cwd_no_assessment_12m"] == ["all", "team"]
    assert dimensions["referrals"] == ["all", "disability", "team"]
    assert dimensions["re_referral_12m"] == standard
    assert dimensions["cp_visit_within_10wd"] == standard
    assert dimensions["strategy_multiagency"] == sorted(standard + ["case_status"])
    assert dimensions["audit_good_or_better"] == ["all", "audit_area", "team"]
    assert dimensions["prevent_sent_to_mash"] == ["age_band", "all"]
    assert dimensions["prevent_recorded_on_file"] == ["age_band", "all"]
    assert dimensions["oversight_within_20wd"] == ["age_band", "all", "disability", "team"]
    assert dimensions["chronology_updated_3m"] == ["all", "team"]
    assert dimensions["repeat_referrals_without_neglect"] == ["all", "team"]


def test_practice_audits_by_area_and_team(warehouse):
    # March 2023: AU1 (GOOD) and AU3 (OUTSTANDING) of three; AU3 has no team. April: AU4 (RI).
    assert warehouse.metric_row("990", "audit_good_or_better", "month", "2023-03-01")[:2] == (2, 3)
    assert warehouse.metric_row(
        "990", "audit_good_or_better", "month", "2023-03-01", "team", "Not recorded"
    ) == (1, 1, 100.0, True)
    assert warehouse.metric_row(
        "990", "audit_good_or_better", "month", "2023-03-01", "audit_area", "PLAN"
    ) == (1, 2, 50.0, True)
    assert warehouse.metric_row("990", "audit_good_or_better", "month", "2023-04-01") == (0, 1, 0.0, True)


def test_re_referrals_within_12_months_nfa_ones_included(warehouse):
    # January 2023: R04 follows C04's NFA R13 (2022-10-03). February: of R07, R10 and R15 only
    # R15 follows one (C01's R14). 2022-23: R04, R13, R14 and R15 of 12. April: R11 follows R08.
    assert warehouse.metric_row("990", "re_referral_12m", "month", "2023-01-01") == (1, 1, 100.0, True)
    numerator, denominator, value, _ = warehouse.metric_row("990", "re_referral_12m", "month", "2023-02-01")
    assert (numerator, denominator) == (1, 3) and value == pytest.approx(100 / 3)
    assert warehouse.metric_row("990", "re_referral_12m", "financial_year", "2022-04-01")[:2] == (4, 12)
    assert warehouse.metric_row("990", "re_referral_12m", "month", "2023-04-01") == (1, 1, 100.0, True)


def test_strategy_discussions_in_open_and_new_cases(warehouse):
    # SD1 (20 March): C01's episode R01 open and assessed (A01, January): open, police only.
    # SD4 (2 March, the day after C05's episode opened, not yet assessed): new, police only.
    # SD2 (3 April): C10's episode open but its assessment authorised later: new, with health.
    # SD3 (27 April, the day after C08's assessment was authorised): open, with education.
    assert warehouse.metric_row("990", "strategy_multiagency", "month", "2023-03-01") == (0, 2, 0.0, True)
    assert warehouse.metric_row("990", "strategy_multiagency", "month", "2023-04-01") == (2, 2, 100.0, True)
    for status, expected in (("open", (0, 1, 0.0, True)), ("new", (0, 1, 0.0, True))):
        assert warehouse.metric_row("990", "strategy_multiagency", "month", "2023-03-01", "case_status", status) == expected
    # SD4 names referral R09 (team T2); SD3 names none: C08's team on the day (R07, T1).
    assert warehouse.metric_row(
        "990", "strategy_multiagency", "month", "2023-03-01", "team", "Assessment Team 2"
    ) == (0, 1, 0.0, True)
    assert warehouse.metric_row(
        "990", "strategy_multiagency", "month", "2023-04-01", "team", "Assessment Team 1"
    ) == (2, 2, 100.0, True)


def test_oversight_and_chronology_of_children_open(warehouse):
    # On 2023-05-15, of the eight children open: C02 (oversight 8 working days back) and C05
    # (a note on the day itself) had oversight; C03 (2023-02-16) and C10 (2023-05-10) had their
    # chronology updated in the 3 months -- C01's update of 2023-02-15 is exactly 3 months back.
    assert warehouse.metric_row("990", "oversight_within_20wd", "month", "2023-05-01") == (2, 8, 25.0, False)
    assert warehouse.metric_row("990", "chronology_updated_3m", "month", "2023-05-01") == (2, 8, 25.0, False)
    # On 30 April, C01's February update is within the 3 months, and C10's is still to come.
    assert warehouse.metric_row("990", "chronology_updated_3m", "month", "2023-04-01") == (2, 8, 25.0, True)


def test_child_protection_visits_on_the_10th_and_11th_working_day(warehouse):
    # 2023-05-15: C02 (plan since 2022-09-23) last seen 2023-04-27, 10 working days back (1 and
    # 8 May are bank holidays): met. C01 (plan since 3 April, 27 working days) seen 2 May: met.
    # C06 (plan since 12 April, 21 working days) last seen 26 April, 11 back -- its visit of
    # 10 May did not see the child: not met.
    numerator, denominator, value, complete = warehouse.metric_row("990", "cp_visit_within_10wd", "month", "2023-05-01")
    assert (numerator, denominator, complete) == (2, 3, False) and value == pytest.approx(200 / 3)
    assert warehouse.metric_row(
        "990", "cp_visit_within_10wd", "month", "2023-05-01", "disability", "Disabled"
    ) == (0, 1, 0.0, False)
    # On 30 April: C02 seen 27 April and C06 26 April are within; C01's visit is still to come.
    assert warehouse.metric_row("990", "cp_visit_within_10wd", "month", "2023-04-01")[:2] == (2, 3)


def test_domestic_abuse_and_neglect_recorded(warehouse):
    # January 2023: A01 (3A, 16A), A02 (21), A03 (3C).
    assert warehouse.metric_row("990", "assessment_domestic_abuse_factor", "month", "2023-01-01")[:2] == (2, 3)
    assert warehouse.metric_row("990", "assessment_neglect_factor", "month", "2023-01-01")[:2] == (1, 3)


def test_repeat_referrals_without_neglect(warehouse):
    # 2023-05-15: C04 (R12, R13, R04 in 24 months, never assessed): met. C01 (R01, R14, R15)
    # had neglect recorded in A01 (authorised 2023-01-26): not met.
    assert warehouse.metric_row("990", "repeat_referrals_without_neglect", "month", "2023-05-01") == (1, 2, 50.0, False)
    assert warehouse.metric_row(
        "990", "repeat_referrals_without_neglect", "month", "2023-05-01", "team", "Assessment Team 2"
    ) == (1, 1, 100.0, False)
    # 31 January: C01's third referral (1 February) has not come yet. 31 December: C04 has two.
    assert warehouse.metric_row("990", "repeat_referrals_without_neglect", "month", "2023-01-01") == (1, 1, 100.0, True)
    assert warehouse.metric_row("990", "repeat_referrals_without_neglect", "month", "2022-12-01") == (0, 0, None, True)


def test_prevent_referrals_sent_to_mash_and_recorded(warehouse):
    # February 2023: PV1 (sent, on file), PV2 (neither), PV3 (sent). C04 and C05 are 16.
    numerator, denominator, value, _ = warehouse.metric_row("990", "prevent_sent_to_mash", "month", "2023-02-01")
    assert (numerator, denominator) == (2, 3) and value == pytest.approx(200 / 3)
    assert warehouse.metric_row("990", "prevent_recorded_on_file", "month", "2023-02-01")[:2] == (1, 3)
    assert warehouse.metric_row("990", "prevent_sent_to_mash", "month", "2023-02-01", "age_band", "16+") == (1, 2, 50.0, True)
    assert warehouse.metric_row("990", "prevent_sent_to_mash", "month", "2023-02-01", "age_band", "5-9") == (1, 1, 100.0, True)


def test_metrics_without_their_optional_table_have_no_rows(warehouse):
    # 991 sends no audits, strategy discussions, case notes or Prevent referrals: no rows, not
    # zeros. Its CP visit metric exists, with empty cohorts (no plans).
    absent = warehouse.query(
        "select count(*) from marts.metric_values where la_code = '991' and metric_id in ("
        "'audit_good_or_better', 'strategy_multiagency', 'oversight_within_20wd', "
        "'chronology_updated_3m', 'prevent_sent_to_mash', 'prevent_recorded_on_file')"
    )
    assert absent == [(0,)]
    assert warehouse.metric_row("991", "cp_visit_within_10wd", "month", "2023-03-01") == (0, 0, None, True)


def history_flag(warehouse, la_code: str, metric_id: str, grain: str, period_start: str) -> tuple:
    rows = warehouse.query(
        "select history_complete, history_note from marts.metric_values where la_code = ? and metric_id = ? "
        "and period_grain = ? and period_start = ? and dimension = 'all'",
        [la_code, metric_id, grain, period_start],
    )
    assert len(rows) == 1, rows
    return rows[0]


def test_values_at_the_edge_of_the_demo_history_are_flagged(warehouse):
    """The demo authority's history starts on Friday 1 April 2022, its earliest referral."""
    assert warehouse.query("select history_start from intermediate.int_history_starts where la_code = '901'") == [
        (date(2022, 4, 1),)
    ]
    warm_up = (
        False,
        "It falls within 12 months of the history starting on 1 April 2022: work that began before then is missing from it.",
    )
    # April and May 2022 showed 100% of assessments within 45 working days (4 of 4, 69 of 69):
    # the assessments that started before the history are missing. Complete from April 2023.
    assert warehouse.metric_row("901", "assessment_within_45wd", "month", "2022-04-01")[:3] == (4, 4, 100.0)
    assert history_flag(warehouse, "901", "assessment_within_45wd", "month", "2022-04-01") == warm_up
    assert history_flag(warehouse, "901", "assessment_within_45wd", "month", "2022-05-01") == warm_up
    assert history_flag(warehouse, "901", "assessment_within_45wd", "month", "2023-03-01") == warm_up
    assert history_flag(warehouse, "901", "assessment_within_45wd", "month", "2023-04-01") == (True, None)
    # The first financial year of an event metric holds those months; the next is complete.
    assert history_flag(warehouse, "901", "assessment_within_45wd", "financial_year", "2022-04-01") == warm_up
    assert history_flag(warehouse, "901", "assessment_within_45wd", "financial_year", "2023-04-01") == (True, None)
    # Disabled children with no assessment in 12 months (73.7% in the first quarter): on 30
    # June 2022 the 12 months reach back before the history; on 31 March 2023 they start on
    # 1 April 2022, its first day.
    look_back = (
        False,
        "It looks back 12 months, to before the history starts on 1 April 2022: what happened before then is not known.",
    )
    assert history_flag(warehouse, "901", "cwd_no_assessment_12m", "quarter", "2022-04-01") == look_back
    assert history_flag(warehouse, "901", "cwd_no_assessment_12m", "month", "2023-02-01") == look_back
    assert history_flag(warehouse, "901", "cwd_no_assessment_12m", "month", "2023-03-01") == (True, None)
    # 24 months back: 29 February 2024 reaches 28 February 2022; 31 March 2024 reaches 31 March 2022.
    assert history_flag(warehouse, "901", "repeat_referrals_without_neglect", "month", "2024-02-01")[0] is False
    assert history_flag(warehouse, "901", "repeat_referrals_without_neglect", "month", "2024-03-01") == (True, None)
    # Referrals are counted by their own date: complete from the history's first month.
    assert history_flag(warehouse, "901", "referrals", "month", "2022-04-01") == (True, None)
    # Every slice carries its period's flag.
    flags = warehouse.query(
        "select distinct history_complete from marts.metric_values where la_code = '901' "
        "and metric_id = 'assessment_within_45wd' and period_grain = 'month' and period_start = '2022-05-01'"
    )
    assert flags == [(False,)]
