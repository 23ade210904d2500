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
Authority 991 (extract date 2023-04-20) sends no ssd_department, no ext_direct_payments and a
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
    # Ten referrals, one of them NFA (R04, January 2023); eight children open on 2023-05-15.
    assert warehouse.metric_row("990", "referrals", "financial_year", "2022-04-01")[0] == 8
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
    # The generated authority 901 sends every table: 21 metrics x every period of its spine.
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
    assert metrics == 21
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
