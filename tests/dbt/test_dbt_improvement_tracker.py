"""The improvement tracker: its rows on the hand-made authorities (see test_dbt_metric_values.py
for the story of 990 and 991), and, on the generated demo authority 901 (the data of
`make demo`), red areas turning green after the leadership change."""

from datetime import date

import pytest

# The contract of docs/architecture.md, "improvement_tracker", in its order.
CONTRACT_COLUMNS = [
    "la_code", "improvement_area", "area_title", "metric_id", "metric_title", "higher_is_better",
    "latest_month_start", "latest_month_value", "latest_month_denominator", "previous_month_value",
    "month_change", "latest_year_start", "latest_year_value", "latest_year_denominator",
    "previous_year_value", "year_change", "target", "england_value", "status", "status_reason",
]
AREA_1_TITLE = "The timeliness and quality of assessments, including assessments of disabled children."


def tracker_row(warehouse, la_code: str, metric_id: str, columns: str) -> tuple:
    rows = warehouse.query(
        f"select {columns} from marts.improvement_tracker where la_code = ? and metric_id = ?",
        [la_code, metric_id],
    )
    assert len(rows) == 1, rows
    return rows[0]


def test_columns_follow_the_contract(warehouse):
    columns = [
        row[0] for row in warehouse.query(
            "select column_name from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'improvement_tracker' order by ordinal_position"
        )
    ]
    assert columns[: len(CONTRACT_COLUMNS)] == CONTRACT_COLUMNS


def test_every_area_has_a_row_where_its_tables_are_available(warehouse):
    areas = dict(warehouse.query(
        "select la_code, list(distinct improvement_area order by improvement_area) "
        "from marts.improvement_tracker group by la_code"
    ))
    assert areas["990"] == list(range(1, 12))
    assert areas["901"] == list(range(1, 12))
    # 991 sends no audits (area 3), strategy discussions (5) or Prevent referrals (10).
    assert areas["991"] == [1, 2, 4, 6, 7, 8, 9, 11]
    counts = dict(warehouse.query("select la_code, count(*) from marts.improvement_tracker group by la_code"))
    # 26 metrics in the eleven areas; 991 also lacks direct payments and case notes (3 more).
    assert counts == {"901": 26, "990": 26, "991": 19}
    titles = warehouse.query(
        "select distinct area_title from marts.improvement_tracker where improvement_area = 1"
    )
    assert titles == [(AREA_1_TITLE,)]


def test_latest_complete_month_and_year_with_changes(warehouse):
    # 990 (extract 2023-05-15): April 2023 and 2022-23. Audits are judged on the audits of
    # plans: none in April (no value, cohort 0, so no change), 1 of 2 in March (AU1 GOOD, AU2
    # INADEQUATE; AU3, an assessment graded OUTSTANDING, and AU4 in April are not plans);
    # 2022-23 1 of 2, and 2021-22 had none (no value, so no change).
    month_start, value, denominator, previous, change, year_start, year_value, year_denominator, previous_year, year_change, slice_judged = tracker_row(
        warehouse, "990", "audit_good_or_better",
        "latest_month_start, latest_month_value, latest_month_denominator, previous_month_value, month_change, "
        "latest_year_start, latest_year_value, latest_year_denominator, previous_year_value, year_change, "
        "[judged_dimension, judged_dimension_value]",
    )
    assert (month_start, value, denominator, previous, change) == (date(2023, 4, 1), None, 0, 50.0, None)
    assert (year_start, year_value, year_denominator, previous_year, year_change) == (date(2022, 4, 1), 50.0, 2, None, None)
    assert slice_judged == ["audit_area", "PLAN"]
    # On every audit, 990's April was 0 of 1 and March 2 of 3: the catalogue's headline.
    assert warehouse.metric_row("990", "audit_good_or_better", "month", "2023-04-01") == (0, 1, 0.0, True)
    # 991 (extract 2023-04-20): March 2023 and 2022-23.
    assert tracker_row(warehouse, "991", "assessment_within_45wd", "latest_month_start, latest_year_start") == (
        date(2023, 3, 1), date(2022, 4, 1),
    )


def test_small_cohorts_are_not_enough_data(warehouse):
    # 990's audits of plans: none in April, 2 in the 3 and the 12 months to it.
    assert tracker_row(warehouse, "990", "audit_good_or_better", "target, status, status_reason") == (
        60.0, "not enough data",
        "Judged on audits of plans. 0 in April 2023, 2 in the 3 months and 2 in the 12 months to it, "
        "fewer than the 10 needed to judge.",
    )
    # As-at cohorts are never pooled: three children on a plan on 30 April.
    assert tracker_row(warehouse, "990", "cp_visit_within_10wd", "status, status_reason") == (
        "not enough data", "3 in the cohort on 30 April 2023, fewer than the 10 needed to judge.",
    )


def test_metrics_without_a_reference_or_direction_are_not_rated(warehouse):
    assert tracker_row(warehouse, "991", "assessments_open_over_45wd", "target, status, status_reason") == (
        None, None,
        "No target or England figure to judge against, so not rated.",
    )
    assert tracker_row(warehouse, "991", "homeless_presentations", "status, status_reason") == (
        None, "A volume of work: not rated.",
    )


def test_demo_latest_month_statuses(warehouse):
    statuses = dict(warehouse.query(
        "select coalesce(status, 'not rated'), count(*) from marts.improvement_tracker "
        "where la_code = '901' group by all"
    ))
    assert statuses == {"green": 13, "amber": 5, "red": 6, "not rated": 2}
    # Homeless presentations are few: the month (5) is pooled with the two before it (10).
    assert tracker_row(warehouse, "901", "homeless_advised_of_s20", "judged_window_months, judged_denominator, status") == (
        3, 10, "green",
    )


def test_demo_red_areas_turn_green_after_the_leadership_change(warehouse):
    """Before the leadership change (2024-08-01) the demo authority is struggling; by the extract
    date (2026-11-16) it is a little better than typical. Over the 12 complete months before the
    change, no judged status of five areas is green (most are red; the months of repeat
    referrals whose 24-month look-back still reaches before the history are not judged); in the
    latest complete month (October 2026) each of those areas has a green metric and no red one."""
    change = warehouse.demo_leadership_change
    assert change == date(2024, 8, 1)
    per_area = warehouse.query(
        """
        select
            improvement_area,
            count(*) filter (where month_start < ? and status in ('green', 'amber', 'red')) as rated_before,
            count(*) filter (where month_start < ? and status = 'red') as red_before,
            count(*) filter (where month_start < ? and status in ('red', 'amber')) as short_before,
            count(*) filter (where month_start = latest and status = 'green') as green_latest,
            count(*) filter (where month_start = latest and status = 'red') as red_latest
        from (
            select *, max(month_start) over () as latest
            from marts.improvement_tracker_history
            where la_code = '901' and month_start >= ? - interval 12 month
        )
        group by improvement_area
        order by improvement_area
        """,
        [change, change, change, change],
    )
    turned = [
        area for area, rated_before, _, short_before, green_latest, red_latest in per_area
        if rated_before and short_before == rated_before and green_latest and not red_latest
    ]
    assert turned == [2, 7, 8, 9, 11]
    red_before = sum(row[2] for row in per_area)
    rated_before = sum(row[1] for row in per_area)
    assert (red_before, rated_before) == (239, 281)
    # What stays short: audits of plans (area 3) and discussions in open cases (area 5, amber)
    # improve less than the whole authority's figures; area 10 (Prevent: judged on 12 months of
    # a few referrals a month), disabled children not re-assessed (area 1), re-referrals (area
    # 4) and October's 36 of 37 conferences leading to a plan, above its band (area 6), are red.
    still_red = [(area, red_latest) for area, _, _, _, _, red_latest in per_area if red_latest]
    assert still_red == [(1, 1), (3, 1), (4, 1), (6, 1), (10, 2)]


def test_history_status_matches_the_tracker(warehouse):
    mismatches = warehouse.query(
        """
        select tracker.la_code, tracker.metric_id
        from marts.improvement_tracker as tracker
        inner join marts.improvement_tracker_history as history
            on history.la_code = tracker.la_code
            and history.metric_id = tracker.metric_id
            and history.month_start = tracker.latest_month_start
        where tracker.status is distinct from history.status
            or tracker.status_reason <> history.status_reason
        """
    )
    assert mismatches == []


def test_no_value_resting_on_too_short_a_history_is_judged(warehouse):
    """Every month whose value (of the slice judged) is flagged in metric_values is 'history too
    short' in the tracker's history, with nothing judged, and every judged month is complete."""
    rows = warehouse.query(
        """
        select history.status, values.history_complete, count(*),
               count(*) filter (where history.judged_value is not null)
        from marts.improvement_tracker_history as history
        inner join marts.metric_values as values
            on values.la_code = history.la_code
            and values.metric_id = history.metric_id
            and values.period_grain = 'month'
            and values.period_start = history.month_start
            and values.dimension = 'all'
        where history.status is not null
        group by all
        """
    )
    by_status = {(status, complete): (count, judged) for status, complete, count, judged in rows}
    flagged = {key: value for key, value in by_status.items() if not key[1]}
    assert set(flagged) == {("history too short", False)}
    assert flagged[("history too short", False)][1] == 0
    # 990's history starts on 1 March 2022: on 31 March 2023 the look-back of disabled children
    # not re-assessed has just reached inside it; 991's starts on 5 January 2023, so none of its
    # months of assessments is judged yet.
    assert tracker_row(warehouse, "991", "assessment_within_45wd", "status, judged_value") == ("history too short", None)
