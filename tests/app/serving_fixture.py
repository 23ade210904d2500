"""A small serving database worked out by hand, laid out as docs/architecture.md publishes it.

Two authorities:
- LA 901, extract 2024-06-14 (so June 2024, 2024-25 Q1 and 2024-25 are incomplete), with five
  metrics, slices, a tracker and its history, work lists, the cases behind the assessment
  figures of May and June, a ledger and a quarantine; its current delivery is stale (its newest
  activity is 20 working days before its extract date);
- LA 902, extract 2024-05-31 (May 2024 is complete), with two metrics and a rejected newer load;
  its history comes from Annex A workbooks, which cannot give the homeless measure, and from
  April its workbooks have no List 5, so the S47 measure has no figures for April and May
  (metric_availability says why).

Every number the tests assert is written here as a literal; the comments give the sums.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb

D = dt.date.fromisoformat

SCHEMAS = {
    "authorities": "la_code VARCHAR, snapshot_date DATE, loaded_at TIMESTAMP",
    "refresh_info": "published_at TIMESTAMP, run_id VARCHAR",
    "metric_catalogue": (
        "metric_id VARCHAR, title VARCHAR, improvement_area INTEGER, kind VARCHAR, unit VARCHAR, "
        "higher_is_better BOOLEAN, target DOUBLE, england_value DOUBLE, england_source VARCHAR, "
        "definition VARCHAR, timing VARCHAR, source_tables VARCHAR[], judgement VARCHAR, "
        "band_low DOUBLE, band_high DOUBLE, cases_table VARCHAR, cases_placed_by VARCHAR"
    ),
    "metric_values": (
        "la_code VARCHAR, metric_id VARCHAR, period_grain VARCHAR, period_start DATE, "
        "period_end DATE, period_complete BOOLEAN, dimension VARCHAR, dimension_value VARCHAR, "
        "numerator BIGINT, denominator BIGINT, value DOUBLE, history_complete BOOLEAN, history_note VARCHAR"
    ),
    "metric_availability": (
        "la_code VARCHAR, metric_id VARCHAR, period_grain VARCHAR, period_start DATE, "
        "available BOOLEAN, unavailable_reason VARCHAR, history_kinds VARCHAR[]"
    ),
    "improvement_tracker": (
        "la_code VARCHAR, improvement_area INTEGER, area_title VARCHAR, metric_id VARCHAR, "
        "metric_title VARCHAR, higher_is_better BOOLEAN, latest_month_start DATE, "
        "latest_month_value DOUBLE, latest_month_denominator BIGINT, previous_month_value DOUBLE, "
        "month_change DOUBLE, latest_year_start DATE, latest_year_value DOUBLE, "
        "latest_year_denominator BIGINT, previous_year_value DOUBLE, year_change DOUBLE, "
        "target DOUBLE, england_value DOUBLE, status VARCHAR, status_reason VARCHAR"
    ),
    "improvement_tracker_history": (
        "la_code VARCHAR, improvement_area INTEGER, area_title VARCHAR, metric_id VARCHAR, "
        "metric_title VARCHAR, higher_is_better BOOLEAN, month_start DATE, month_value DOUBLE, "
        "month_denominator BIGINT, judged_window_months INTEGER, judged_value DOUBLE, "
        "judged_denominator BIGINT, target DOUBLE, england_value DOUBLE, status VARCHAR, "
        "status_reason VARCHAR, judgement VARCHAR, band_low DOUBLE, band_high DOUBLE, "
        "history_complete BOOLEAN, history_note VARCHAR"
    ),
    "delivery_freshness": (
        "la_code VARCHAR, extract_date DATE, load_id VARCHAR, newest_activity_date DATE, "
        "newest_activity VARCHAR, working_days_before_extract INTEGER, stale_after_working_days INTEGER, "
        "is_stale BOOLEAN, is_current BOOLEAN, stale_note VARCHAR"
    ),
    "assessment_details": (
        "la_code VARCHAR, assessment_id VARCHAR, person_id VARCHAR, team VARCHAR, worker_id VARCHAR, "
        "start_date DATE, authorised_date DATE, working_days_to_authorisation INTEGER, disability VARCHAR, "
        "age_band VARCHAR, source_file VARCHAR, source_row BIGINT, assessment_within_45wd BOOLEAN, "
        "assessment_median_wd BOOLEAN"
    ),
    "worklist_open_assessments": (
        "la_code VARCHAR, as_at_date DATE, person_id VARCHAR, team VARCHAR, assessment_id VARCHAR, "
        "worker_id VARCHAR, start_date DATE, working_days_elapsed INTEGER, "
        "working_days_left INTEGER, due_date DATE, status VARCHAR, disabled BOOLEAN, age_band VARCHAR"
    ),
    "worklist_s47_without_icpc": (
        "la_code VARCHAR, as_at_date DATE, person_id VARCHAR, team VARCHAR, s47_enquiry_id VARCHAR, "
        "worker_id VARCHAR, start_date DATE, end_date DATE, working_days_since_start INTEGER, "
        "conference_due_date DATE, age_band VARCHAR"
    ),
    "worklist_cwd_not_assessed": (
        "la_code VARCHAR, as_at_date DATE, person_id VARCHAR, team VARCHAR, "
        "last_assessment_date DATE, days_since_last_assessment INTEGER, reassessment_due_date DATE, "
        "age_band VARCHAR"
    ),
    "worklist_oversight_overdue": (
        "la_code VARCHAR, as_at_date DATE, person_id VARCHAR, team VARCHAR, "
        "last_oversight_date DATE, working_days_since_oversight INTEGER, oversight_due_date DATE, "
        "age_band VARCHAR"
    ),
    "worklist_homeless_without_s20_advice": (
        "la_code VARCHAR, as_at_date DATE, person_id VARCHAR, team VARCHAR, "
        "presentation_id VARCHAR, presentation_date DATE, outcome VARCHAR, assessment_id VARCHAR, "
        "age_band VARCHAR"
    ),
    "snapshot_loads": (
        "load_id VARCHAR, la_code VARCHAR, snapshot_date DATE, status VARCHAR, message VARCHAR, "
        "files BIGINT, rows_read BIGINT, rows_loaded BIGINT, rows_quarantined BIGINT, "
        "started_at TIMESTAMP, finished_at TIMESTAMP, run_id VARCHAR, kind VARCHAR"
    ),
    "load_ledger": (
        "load_id VARCHAR, la_code VARCHAR, snapshot_date DATE, table_name VARCHAR, file_name VARCHAR, "
        "source_file VARCHAR, sha256 VARCHAR, size_bytes BIGINT, rows_read BIGINT, rows_loaded BIGINT, "
        "rows_quarantined BIGINT, status VARCHAR, message VARCHAR, started_at TIMESTAMP, "
        "finished_at TIMESTAMP"
    ),
    "quarantine": (
        "load_id VARCHAR, la_code VARCHAR, snapshot_date DATE, table_name VARCHAR, "
        "source_file VARCHAR, source_row BIGINT, record_id VARCHAR, column_name VARCHAR, "
        "value VARCHAR, rule VARCHAR, record VARCHAR"
    ),
    "landing_notices": (
        "folder VARCHAR, la_code VARCHAR, kind VARCHAR, message VARCHAR, since TIMESTAMP"
    ),
}

SNAPSHOTS = {"901": D("2024-06-14"), "902": D("2024-05-31")}

AUTHORITIES = [
    ("901", SNAPSHOTS["901"], dt.datetime(2024, 6, 15, 6, 0)),
    ("902", SNAPSHOTS["902"], dt.datetime(2024, 6, 1, 6, 0)),
]
REFRESH_INFO = [(dt.datetime(2024, 6, 15, 6, 10), "run-0042")]

CATALOGUE = [
    ("assessment_within_45wd", "Assessments completed within 45 working days", 1, "rate", "%", True, 85.0, 85.7,
     "England 2024-25 (DfE Children in need)",
     "Of the assessments authorised in the period, the share authorised within 45 working days of their start: wd(start, authorisation) <= 45.",
     "event", ["ssd_cin_assessments"], "higher_is_better", None, None, "assessment_details", "authorised_date"),
    ("assessment_median_wd", "Median working days to complete an assessment", 1, "median", "working days", False, None, 33.0,
     "England 2024-25 (DfE Children in need)", "The median number of working days from start to authorisation of the assessments authorised in the period.",
     "event", ["ssd_cin_assessments"], "lower_is_better", None, None, "assessment_details", "authorised_date"),
    ("s47_to_icpc", "Section 47 enquiries leading to an initial conference", 6, "rate", "%", None, None, 31.3,
     "England 2024-25: 72,100 ICPCs to 230,590 S47s", "Of the section 47 enquiries that ended in the period, the share with an initial child protection conference.",
     "event", ["ssd_s47_enquiry", "ssd_initial_cp_conference"], "within_band", 25.0, 38.0, "s47_enquiry_details", "end_date"),
    ("homeless_advised_of_s20", "Homeless 16/17-year-olds advised of their s20 rights", 11, "rate", "%", True, 100.0, None,
     None, "Of the young people who presented as homeless in the period, the share told of their right to be looked after.",
     "event", ["ext_homeless_presentations"], "higher_is_better", None, None, "homeless_presentation_details", "presentation_date"),
    ("referrals", "Referrals", 0, "count", "referrals", None, None, None,
     None, "The number of referrals dated in the period.",
     "event", ["ssd_cin_episodes"], "none", None, None, "referral_details", "referral_date"),
]

MONTHS_2024 = {m: (D(f"2024-{m:02d}-01"), (D(f"2024-{m + 1:02d}-01") if m < 12 else D("2025-01-01")) - dt.timedelta(days=1)) for m in range(1, 7)}
PERIODS = {
    **{("month", m): span for m, span in MONTHS_2024.items()},
    ("quarter", "2023-24 Q4"): (D("2024-01-01"), D("2024-03-31")),
    ("quarter", "2024-25 Q1"): (D("2024-04-01"), D("2024-06-30")),
    ("financial_year", "2023-24"): (D("2023-04-01"), D("2024-03-31")),
    ("financial_year", "2024-25"): (D("2024-04-01"), D("2025-03-31")),
}


def _value(kind: str, numerator: int | None, denominator: int | None, median: float | None) -> float | None:
    """What metric_values.value holds: 100 n/d for rates (NULL when the cohort is empty)."""
    if kind == "count":
        return float(numerator)
    if kind == "median":
        return median
    return None if not denominator else 100.0 * numerator / denominator


# The data starts in January 2024, so the financial year 2023-24 starts before the history: its
# values are flagged (metric_values.history_complete), as dbt flags a first year partly before it.
HISTORY_START = D("2024-01-01")
BEFORE_HISTORY = (
    "This financial year starts before the history the figures are built on (which starts on "
    "1 January 2024): its first days are missing."
)


def _metric_rows(la: str, metric: str, kind: str, rows: list[tuple]) -> list[tuple]:
    """(grain, period key, dimension, dimension_value, numerator, denominator[, median]) rows."""
    out = []
    for grain, key, dimension, dimension_value, numerator, denominator, *median in rows:
        start, end = PERIODS[(grain, key)]
        complete_history = start >= HISTORY_START
        out.append((la, metric, grain, start, end, end <= SNAPSHOTS[la], dimension, dimension_value,
                    numerator, denominator, _value(kind, numerator, denominator, median[0] if median else None),
                    complete_history, None if complete_history else BEFORE_HISTORY))
    return out


def _all(grain_and_counts: list[tuple]) -> list[tuple]:
    return [(grain, key, "all", "all", *counts) for grain, key, *counts in grain_and_counts]


METRIC_VALUES = [
    # LA 901, assessments within 45 working days: Jan-Mar 8+9+14=31 of 10+12+16=38 (81.6%),
    # Apr-Jun 6+18+3=27 of 10+20+4=34 (79.4%).
    *_metric_rows("901", "assessment_within_45wd", "rate", _all([
        ("month", 1, 8, 10), ("month", 2, 9, 12), ("month", 3, 14, 16),
        ("month", 4, 6, 10), ("month", 5, 18, 20), ("month", 6, 3, 4),
        ("quarter", "2023-24 Q4", 31, 38), ("quarter", "2024-25 Q1", 27, 34),
        ("financial_year", "2023-24", 31, 38), ("financial_year", "2024-25", 27, 34),
    ]) + [
        ("month", 4, "team", "Team A", 5, 6), ("month", 4, "team", "Team B", 1, 4),
        ("month", 5, "team", "Team A", 15, 16), ("month", 5, "team", "Team B", 3, 4),
        ("month", 5, "disability", "Disabled", 2, 3), ("month", 5, "disability", "Not disabled", 16, 17),
    ]),
    # LA 901, median working days (denominator = assessments authorised).
    *_metric_rows("901", "assessment_median_wd", "median", _all([
        ("month", 1, None, 10, 30.0), ("month", 2, None, 12, 35.5), ("month", 3, None, 16, 28.0),
        ("month", 4, None, 10, 41.0), ("month", 5, None, 20, 33.0), ("month", 6, None, 4, 20.0),
        ("quarter", "2023-24 Q4", None, 38, 31.0), ("quarter", "2024-25 Q1", None, 34, 34.5),
        ("financial_year", "2023-24", None, 38, 31.0), ("financial_year", "2024-25", None, 34, 34.5),
    ])),
    # LA 901, S47 to ICPC: Jan-Mar 10+8+12=30 of 30+35+35=100; by team and worker in 2023-24
    # (the data starts in January, so the year equals its fourth quarter):
    # Team A 2/40 = W1 1/20 + W2 1/20; Team B 25/50 = W3 11/25 + W4 14/25; Team C 3/10 = W5.
    *_metric_rows("901", "s47_to_icpc", "rate", _all([
        ("month", 1, 10, 30), ("month", 2, 8, 35), ("month", 3, 12, 35),
        ("month", 4, 5, 20), ("month", 5, 6, 20), ("month", 6, 1, 3),
        ("quarter", "2023-24 Q4", 30, 100), ("quarter", "2024-25 Q1", 12, 43),
        ("financial_year", "2023-24", 30, 100), ("financial_year", "2024-25", 12, 43),
    ]) + [
        (grain, key, dimension, group, numerator, denominator)
        for grain, key in (("quarter", "2023-24 Q4"), ("financial_year", "2023-24"))
        for dimension, group, numerator, denominator in (
            ("team", "Team A", 2, 40), ("team", "Team B", 25, 50), ("team", "Team C", 3, 10),
            ("worker", "W1", 1, 20), ("worker", "W2", 1, 20), ("worker", "W3", 11, 25),
            ("worker", "W4", 14, 25), ("worker", "W5", 3, 10),
        )
    ] + [("financial_year", "2024-25", "team", "Team D", 0, 0)]),
    # LA 901, homeless young people advised of s20: small counts for the suppression tests;
    # June has an empty cohort (value NULL). The 12 months to May: 3 of 3+1+1+2+3 = 10.
    *_metric_rows("901", "homeless_advised_of_s20", "rate", _all([
        ("month", 1, 1, 3), ("month", 2, 0, 1), ("month", 3, 1, 1),
        ("month", 4, 0, 2), ("month", 5, 1, 3), ("month", 6, 0, 0),
        ("quarter", "2023-24 Q4", 2, 5), ("quarter", "2024-25 Q1", 1, 5),
        ("financial_year", "2023-24", 2, 5), ("financial_year", "2024-25", 1, 5),
    ]) + [("quarter", "2024-25 Q1", "sex", "F", 1, 3), ("quarter", "2024-25 Q1", "sex", "M", 0, 2)]),
    # LA 901, referrals (a count): Jan-Mar 40+35+3=78, Apr-Jun 50+45+20=115.
    *_metric_rows("901", "referrals", "count", _all([
        ("month", 1, 40, None), ("month", 2, 35, None), ("month", 3, 3, None),
        ("month", 4, 50, None), ("month", 5, 45, None), ("month", 6, 20, None),
        ("quarter", "2023-24 Q4", 78, None), ("quarter", "2024-25 Q1", 115, None),
        ("financial_year", "2023-24", 78, None), ("financial_year", "2024-25", 115, None),
    ]) + [
        ("month", 5, "team", "Team A", 42, None), ("month", 5, "team", "Team B", 3, None),
        ("month", 5, "disability", "Disabled", 4, None), ("month", 5, "disability", "Not disabled", 41, None),
    ]),
    # LA 902, assessments within 45 working days: Jan-Mar 5+6+7=18 of 30 (60.0%),
    # Apr-May 8+9=17 of 10+12=22 (77.3%).
    *_metric_rows("902", "assessment_within_45wd", "rate", _all([
        ("month", 1, 5, 10), ("month", 2, 6, 10), ("month", 3, 7, 10),
        ("month", 4, 8, 10), ("month", 5, 9, 12),
        ("quarter", "2023-24 Q4", 18, 30), ("quarter", "2024-25 Q1", 17, 22),
        ("financial_year", "2023-24", 18, 30), ("financial_year", "2024-25", 17, 22),
    ])),
    # LA 902, S47 to ICPC: its workbooks of January to March list no enquiry (empty cohorts); April
    # and May are not available (metric_availability), so they have no rows.
    *_metric_rows("902", "s47_to_icpc", "rate", _all([
        ("month", 1, 0, 0), ("month", 2, 0, 0), ("month", 3, 0, 0),
        ("quarter", "2023-24 Q4", 0, 0), ("financial_year", "2023-24", 0, 0),
    ])),
    # LA 902, referrals: 20+22+0=42, 25+30=55.
    *_metric_rows("902", "referrals", "count", _all([
        ("month", 1, 20, None), ("month", 2, 22, None), ("month", 3, 0, None),
        ("month", 4, 25, None), ("month", 5, 30, None),
        ("quarter", "2023-24 Q4", 42, None), ("quarter", "2024-25 Q1", 55, None),
        ("financial_year", "2023-24", 42, None), ("financial_year", "2024-25", 55, None),
    ])),
]

NOT_FROM_ANNEX_A = "Not available from Annex A workbooks: they do not record what this measure needs."
NO_LIST_5 = "Not available: the Annex A workbook of 31 May 2024 has no List 5 - section 47 enquiries and ICPCs."


def _availability(la: str, metric: str, months: range, unavailable: dict[int, str], kind: str) -> list[tuple]:
    """metric_availability rows of the months and of the quarters and years holding them: a
    quarter or year is unavailable when one of its months is, with that month's reason."""
    rows = []
    for (grain, key), (start, end) in PERIODS.items():
        held = [m for m in months if start <= MONTHS_2024[m][0] <= end]
        if not held or (grain == "month" and key not in months):
            continue
        reasons = [unavailable[m] for m in held if m in unavailable]
        rows.append((la, metric, grain, start, not reasons, reasons[-1] if reasons else None, [kind]))
    return rows


METRIC_AVAILABILITY = [
    *(row for metric in ("assessment_within_45wd", "assessment_median_wd", "s47_to_icpc", "homeless_advised_of_s20", "referrals")
      for row in _availability("901", metric, range(1, 7), {}, "ssd")),
    *_availability("902", "assessment_within_45wd", range(1, 6), {}, "annex_a"),
    *_availability("902", "referrals", range(1, 6), {}, "annex_a"),
    *_availability("902", "homeless_advised_of_s20", range(1, 6), {m: NOT_FROM_ANNEX_A for m in range(1, 6)}, "annex_a"),
    # Jan-Mar from workbooks with List 5 (no S47 enquiries in them: the figures are empty).
    *_availability("902", "s47_to_icpc", range(1, 6), {4: NO_LIST_5, 5: NO_LIST_5}, "annex_a"),
]

AREA_1 = "The timeliness and quality of assessments, including assessments of disabled children."
AREA_6 = "Thresholds for holding an initial child protection conference."
AREA_11 = "The approach to 16- and 17-year-old young people who present as homeless."
MAY, APRIL, FY_2023 = D("2024-05-01"), D("2024-04-01"), D("2023-04-01")

IMPROVEMENT_TRACKER = [
    ("901", 1, AREA_1, "assessment_within_45wd", "Assessments completed within 45 working days", True,
     MAY, 90.0, 20, 60.0, 30.0, FY_2023, 31 / 38 * 100, 38, None, None, 85.0, 85.7,
     "green", "May 2024: 90.0% meets the target of 85%."),
    ("901", 1, AREA_1, "assessment_median_wd", "Median working days to complete an assessment", False,
     MAY, 33.0, 20, 41.0, -8.0, FY_2023, 31.0, 38, None, None, None, 33.0,
     "green", "No target; no slower than England (33)."),
    ("901", 6, AREA_6, "s47_to_icpc", "Section 47 enquiries leading to an initial conference", None,
     MAY, 30.0, 20, 25.0, 5.0, FY_2023, 30.0, 100, None, None, None, 31.3,
     "green", "May 2024 (20 in the cohort): 30.0%, within the band of 25.0% to 38.0% around the England figure of 31.3%."),
    ("901", 11, AREA_11, "homeless_advised_of_s20", "Homeless 16/17-year-olds advised of their s20 rights", True,
     MAY, 100 / 3, 3, 0.0, 100 / 3, FY_2023, 40.0, 5, None, None, 100.0, None,
     "red", "Only 3 in May 2024, so judged on the 12 months to May 2024 (10 in the cohort): 30.0%, 70.0 points below the target of 100.0%."),
    ("902", 1, AREA_1, "assessment_within_45wd", "Assessments completed within 45 working days", True,
     MAY, 75.0, 12, 80.0, -5.0, FY_2023, 60.0, 30, None, None, 85.0, 85.7,
     "red", "May 2024: 75.0% is more than 5 points below the target of 85%."),
    # Its latest complete month (May) is not available: never judged, the reason shown.
    ("902", 6, AREA_6, "s47_to_icpc", "Section 47 enquiries leading to an initial conference", None,
     MAY, None, None, None, None, FY_2023, None, 0, None, None, None, 31.3,
     "not available", NO_LIST_5),
]



def _history(la: str, area: int, area_title: str, metric: str, title: str, higher: bool | None, judgement: str,
             reference: tuple, months: list[tuple]) -> list[tuple]:
    """improvement_tracker_history rows: (month, value, cohort, window, judged value, judged
    cohort, status, reason[, history note]) for each complete month, January to May 2024."""
    target, england, band_low, band_high = reference
    rows = []
    for month, value, cohort, window, judged, judged_cohort, status, reason, *note in months:
        rows.append((la, area, area_title, metric, title, higher, D(f"2024-{month:02d}-01"), value, cohort,
                     window, judged, judged_cohort, target, england, status, reason, judgement, band_low, band_high,
                     not note, note[0] if note else None))
    return rows


FIRST_MONTH = "This month is the first of the history: work begun before it is missing from it."
TRACKER_HISTORY = [
    # 45 working days, target 85 (amber within 5 points). January rests on too short a history:
    # never judged, left out of the line; May is 30.0 points better than April.
    *_history("901", 1, AREA_1, "assessment_within_45wd", "Assessments completed within 45 working days", True,
              "higher_is_better", (85.0, 85.7, None, None), [
                  (1, 80.0, 10, None, None, None, "history too short", f"Not judged: the history is too short. {FIRST_MONTH}", FIRST_MONTH),
                  (2, 75.0, 12, 1, 75.0, 12, "red", "February 2024 (12 in the cohort): 75.0%, 10.0 points below the target."),
                  (3, 87.5, 16, 1, 87.5, 16, "green", "March 2024 (16 in the cohort): 87.5%, meeting the target."),
                  (4, 60.0, 10, 1, 60.0, 10, "red", "April 2024 (10 in the cohort): 60.0%, 25.0 points below the target."),
                  (5, 90.0, 20, 1, 90.0, 20, "green", "May 2024 (20 in the cohort): 90.0%, meeting the target of 85.0%."),
              ]),
    # Median working days, lower is better, against England's 33 (amber within 3.3).
    *_history("901", 1, AREA_1, "assessment_median_wd", "Median working days to complete an assessment", False,
              "lower_is_better", (None, 33.0, None, None), [
                  (1, 30.0, 10, 1, 30.0, 10, "green", "January 2024: 30 working days, meeting the England figure."),
                  (2, 35.5, 12, 1, 35.5, 12, "amber", "February 2024: 35.5 working days, within the amber margin."),
                  (3, 28.0, 16, 1, 28.0, 16, "green", "March 2024: 28 working days, meeting the England figure."),
                  (4, 41.0, 10, 1, 41.0, 10, "red", "April 2024: 41 working days, beyond the amber margin."),
                  (5, 33.0, 20, 1, 33.0, 20, "green", "May 2024 (20 in the cohort): 33 working days, meeting the England figure of 33."),
              ]),
    # S47 to ICPC, within the band 25 to 38 around England's 31.3: February (22.9) is amber.
    *_history("901", 6, AREA_6, "s47_to_icpc", "Section 47 enquiries leading to an initial conference", None,
              "within_band", (None, 31.3, 25.0, 38.0), [
                  (1, 100 / 3, 30, 1, 100 / 3, 30, "green", "January 2024: 33.3%, within the band."),
                  (2, 800 / 35, 35, 1, 800 / 35, 35, "amber", "February 2024: 22.9%, 2.1 points below the band."),
                  (3, 1200 / 35, 35, 1, 1200 / 35, 35, "green", "March 2024: 34.3%, within the band."),
                  (4, 25.0, 20, 1, 25.0, 20, "green", "April 2024: 25.0%, within the band."),
                  (5, 30.0, 20, 1, 30.0, 20, "green", "May 2024 (20 in the cohort): 30.0%, within the band of 25.0% to 38.0% around the England figure of 31.3%."),
              ]),
    # Homeless advised of s20: too few until May, judged on its 12 months (3 of 10).
    *_history("901", 11, AREA_11, "homeless_advised_of_s20", "Homeless 16/17-year-olds advised of their s20 rights", True,
              "higher_is_better", (100.0, None, None, None), [
                  (1, 100 / 3, 3, None, None, None, "not enough data", "3 in January 2024, 3 in the 3 months and 3 in the 12 months to it, fewer than the 10 needed to judge."),
                  (2, 0.0, 1, None, None, None, "not enough data", "1 in February 2024, 4 in the 3 months and 4 in the 12 months to it, fewer than the 10 needed to judge."),
                  (3, 100.0, 1, None, None, None, "not enough data", "1 in March 2024, 5 in the 3 months and 5 in the 12 months to it, fewer than the 10 needed to judge."),
                  (4, 0.0, 2, None, None, None, "not enough data", "2 in April 2024, 4 in the 3 months and 7 in the 12 months to it, fewer than the 10 needed to judge."),
                  (5, 100 / 3, 3, 12, 30.0, 10, "red", "Only 3 in May 2024, so judged on the 12 months to May 2024 (10 in the cohort): 30.0%, 70.0 points below the target of 100.0%."),
              ]),
    *_history("902", 1, AREA_1, "assessment_within_45wd", "Assessments completed within 45 working days", True,
              "higher_is_better", (85.0, 85.7, None, None), [
                  (1, 50.0, 10, 1, 50.0, 10, "red", "January 2024: 50.0%."),
                  (2, 60.0, 10, 1, 60.0, 10, "red", "February 2024: 60.0%."),
                  (3, 70.0, 10, 1, 70.0, 10, "red", "March 2024: 70.0%."),
                  (4, 80.0, 10, 1, 80.0, 10, "amber", "April 2024: 80.0%, within the amber margin."),
                  (5, 75.0, 12, 1, 75.0, 12, "red", "May 2024: 75.0% is more than 5 points below the target of 85%."),
              ]),
    # LA 902, S47 to ICPC: its workbooks of January to March list no enquiry (nothing to judge);
    # April and May are not available: never judged, the reason as the status's.
    *_history("902", 6, AREA_6, "s47_to_icpc", "Section 47 enquiries leading to an initial conference", None,
              "within_band", (None, 31.3, 25.0, 38.0), [
                  *((month, None, 0, None, None, None, "not enough data",
                     f"0 in {name} 2024, 0 in the 3 months and 0 in the 12 months to it, fewer than the 10 needed to judge.")
                    for month, name in ((1, "January"), (2, "February"), (3, "March"))),
                  (4, None, None, None, None, None, "not available", NO_LIST_5),
                  (5, None, None, None, None, None, "not available", NO_LIST_5),
              ]),
]

# LA 901's current delivery is stale: its newest activity, an assessment authorised on
# 2024-05-16, is 20 working days before its extract date of 2024-06-14 (27 May is a bank
# holiday). Its delivery of 31 May was fresh; so is LA 902's.
STALE_NOTE = ("Its newest activity, an assessment dated 16 May 2024, is 20 working days before its extract date "
              "of 14 June 2024 (more than 10): it may be an old export delivered under a new date.")
DELIVERY_FRESHNESS = [
    ("901", D("2024-05-31"), "L1", D("2024-05-30"), "visit", 1, 10, False, False, None),
    ("901", D("2024-06-14"), "L2", D("2024-05-16"), "assessment", 20, 10, True, True, STALE_NOTE),
    ("902", D("2024-05-31"), "L3", D("2024-05-31"), "referral", 0, 10, False, True, None),
]


def _assessment(la: str, number: int, team: str, authorised: str, days: int, disabled: bool) -> tuple:
    return (la, f"AS{number:02d}", f"P{200 + number}", team, f"W{number % 3 + 1}", None, D(authorised), days,
            "Disabled" if disabled else "Not disabled", "5-9", f"{la}/2024-06-14/ssd_cin_assessments.csv",
            number + 1, days <= 45, True)


# The cases behind LA 901's assessment figures of May and June 2024: May's 20 (18 within 45
# working days; Team A 15 of 16, Team B 3 of 4; disabled 2 of 3, not disabled 16 of 17; median
# (32 + 34) / 2 = 33) and June's 4 (3 within).
MAY_DAYS = [5, 10, 15, 20, 25, 28, 29, 30, 31, 32, 34, 36, 38, 40, 41, 42, 44, 45]
ASSESSMENT_DETAILS = [
    *[_assessment("901", n + 1, "Team A", f"2024-05-{n + 2:02d}", MAY_DAYS[n], n in (0, 1)) for n in range(15)],
    _assessment("901", 16, "Team A", "2024-05-20", 50, True),
    *[_assessment("901", 17 + n, "Team B", f"2024-05-{21 + n:02d}", MAY_DAYS[15 + n], False) for n in range(3)],
    _assessment("901", 20, "Team B", "2024-05-31", 60, False),
    *[_assessment("901", 21 + n, "Team A", f"2024-06-{3 + n:02d}", 20 + n, False) for n in range(3)],
    _assessment("901", 24, "Team A", "2024-06-07", 47, False),
]

WORKLISTS = {
    "worklist_open_assessments": [
        ("901", SNAPSHOTS["901"], "P001", "Team A", "A1", "W1", D("2024-04-02"), 50, -5, D("2024-06-07"), "overdue", True, "5-9"),
        ("901", SNAPSHOTS["901"], "P002", "Team A", "A2", "W2", D("2024-04-19"), 40, 5, D("2024-06-21"), "due soon", False, "10-15"),
        ("901", SNAPSHOTS["901"], "P003", "Team B", "A3", "W3", D("2024-06-03"), 9, 36, D("2024-08-05"), "on track", False, "Under 1"),
        ("901", SNAPSHOTS["901"], "P004", "Team B", "A4", "W4", D("2024-04-10"), 46, -1, D("2024-06-13"), "overdue", False, "16+"),
        ("902", SNAPSHOTS["902"], "P900", "Team X", "A9", "W9", D("2024-03-01"), 60, -15, D("2024-05-10"), "overdue", False, "1-4"),
    ],
    # S1 and S2 are running; S3 ended on 10 June with no conference yet (on the full list).
    "worklist_s47_without_icpc": [
        ("901", SNAPSHOTS["901"], "P005", "Team B", "S1", "W3", D("2024-05-01"), None, 31, D("2024-05-22"), "10-15"),
        ("901", SNAPSHOTS["901"], "P006", "Team A", "S2", "W1", D("2024-05-20"), None, 19, D("2024-06-11"), "1-4"),
        ("901", SNAPSHOTS["901"], "P011", "Team A", "S3", "W2", D("2024-05-13"), D("2024-06-10"), 24, D("2024-06-04"), "5-9"),
    ],
    "worklist_cwd_not_assessed": [
        ("901", SNAPSHOTS["901"], "P001", "Team A", D("2023-01-10"), 521, D("2024-01-09"), "5-9"),
        ("901", SNAPSHOTS["901"], "P007", "Team C", None, None, None, "16+"),
    ],
    "worklist_oversight_overdue": [
        ("901", SNAPSHOTS["901"], "P003", "Team B", D("2024-05-01"), 31, D("2024-05-30"), "Under 1"),
        ("901", SNAPSHOTS["901"], "P008", "Team A", None, None, None, "1-4"),
    ],
    # The last 3 months before 14 June 2024 run from 15 March: H3 is history (the full list).
    "worklist_homeless_without_s20_advice": [
        ("901", SNAPSHOTS["901"], "P009", "Team A", "H1", D("2024-05-15"), "undecided", None, "16+"),
        ("901", SNAPSHOTS["901"], "P010", "Team B", "H2", D("2024-04-03"), "RETURNED_HOME", "A7", "16+"),
        ("901", SNAPSHOTS["901"], "P012", "Team A", "H3", D("2023-11-20"), "S20_LOOKED_AFTER", None, "16+"),
    ],
}


def _at(day: str, time: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day} {time}")


SNAPSHOT_LOADS = [
    ("L1", "901", D("2024-05-31"), "loaded", None, 19, 5000, 4999, 1, _at("2024-06-01", "06:00"), _at("2024-06-01", "06:02"), "run-0040", "ssd"),
    ("L2", "901", D("2024-06-14"), "loaded", None, 19, 5200, 5195, 5, _at("2024-06-15", "06:00"), _at("2024-06-15", "06:03"), "run-0042", "ssd"),
    ("L3", "902", D("2024-05-31"), "loaded", None, 18, 3000, 2998, 2, _at("2024-06-01", "06:00"), _at("2024-06-01", "06:01"), "run-0040", "ssd"),
    ("L4", "902", D("2024-06-07"), "rejected", "ssd_person.csv has no column pers_dob, which is required.",
     18, 0, 0, 0, _at("2024-06-15", "06:00"), _at("2024-06-15", "06:00"), "run-0042", "ssd"),
]


def _ledger(load: str, la: str, snapshot: dt.date, table: str, counts: tuple, status: str = "loaded", message: str | None = None) -> tuple:
    read, loaded, quarantined = counts
    started = _at(str(snapshot + dt.timedelta(days=1)), "06:00")
    return (load, la, snapshot, table, f"{table}.csv", f"{la}/{snapshot}/{table}.csv", f"{table[:4]}{load}" * 8,
            1000 + read, read, loaded, quarantined, status, message, started, started + dt.timedelta(seconds=30))


LOAD_LEDGER = [
    _ledger("L2", "901", D("2024-06-14"), "ssd_person", (1000, 998, 2)),
    _ledger("L2", "901", D("2024-06-14"), "ssd_cin_assessments", (800, 797, 3)),
    _ledger("L2", "901", D("2024-06-14"), "ssd_cin_episodes", (900, 900, 0)),
    _ledger("L3", "902", D("2024-05-31"), "ssd_cin_episodes", (500, 498, 2)),
    _ledger("L4", "902", D("2024-06-07"), "ssd_person", (0, 0, 0), "rejected", "ssd_person.csv has no column pers_dob, which is required."),
]


INVALID_DATE = "not a valid date (expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or DD/MM/YYYY)"

def _quarantined(load: str, la: str, snapshot: dt.date, table: str, row: int, record_id: str, column: str, value: str | None, rule: str) -> tuple:
    record = json.dumps({"record_id": record_id, column: value})
    return (load, la, snapshot, table, f"{la}/{snapshot}/{table}.csv", row, record_id, column, value, rule, record)


# L2: five rows quarantined, by rule (the loader's words): ssd_cin_assessments, dated after the
# extract date 2 and naming a child not in ssd_person 1; ssd_person, a date that could not be
# read 1 (its value is a date of birth, so the published quarantine withholds it) and a sex code
# not on its list 1.
QUARANTINE = [
    _quarantined("L2", "901", D("2024-06-14"), "ssd_person", 14, "P100", "pers_dob", None, INVALID_DATE),
    _quarantined("L2", "901", D("2024-06-14"), "ssd_person", 15, "P101", "pers_sex", "X", "not one of the sex codes: M, F, U"),
    _quarantined("L2", "901", D("2024-06-14"), "ssd_cin_assessments", 7, "A100", "cina_assessment_auth_date", "2024-07-01", "date is after the extract date (2024-06-14)"),
    _quarantined("L2", "901", D("2024-06-14"), "ssd_cin_assessments", 8, "A101", "cina_assessment_auth_date", "2024-06-30", "date is after the extract date (2024-06-14)"),
    _quarantined("L2", "901", D("2024-06-14"), "ssd_cin_assessments", 9, "A102", "cina_person_id", "P999", "child is not in ssd_person, or its row there was quarantined"),
    _quarantined("L1", "901", D("2024-05-31"), "ssd_person", 3, "P050", "pers_sex", "Q", "not one of the sex codes: M, F, U"),
    _quarantined("L3", "902", D("2024-05-31"), "ssd_cin_episodes", 4, "R1", "cine_referral_date", "2024-13-01", INVALID_DATE),
    _quarantined("L3", "902", D("2024-05-31"), "ssd_cin_episodes", 5, "R2", "cine_referral_date", "2024-14-01", INVALID_DATE),
]

TABLES = {
    "authorities": AUTHORITIES,
    "refresh_info": REFRESH_INFO,
    "metric_catalogue": CATALOGUE,
    "metric_values": METRIC_VALUES,
    "improvement_tracker": IMPROVEMENT_TRACKER,
    "metric_availability": METRIC_AVAILABILITY,
    "improvement_tracker_history": TRACKER_HISTORY,
    "delivery_freshness": DELIVERY_FRESHNESS,
    "assessment_details": ASSESSMENT_DETAILS,
    **WORKLISTS,
    "snapshot_loads": SNAPSHOT_LOADS,
    "load_ledger": LOAD_LEDGER,
    "quarantine": QUARANTINE,
    "landing_notices": [],  # tests that need some add them
}


# The marts shaped for the pages, made from the fixture's metric_values as dbt makes them
# (dbt_project/models/marts/page_tables.yml; their own unit tests pin the SQL).
PAGE_TABLES = {
    "metric_latest_values": """
        select la_code, metric_id, period_grain,
               cast(row_number() over (partition by la_code, metric_id, period_grain
                                       order by period_start desc) as integer) as recency,
               period_start, value, denominator, history_complete, history_note
        from metric_values where dimension = 'all' and period_complete
        qualify recency <= 2
    """,
    "metric_slices": "select distinct la_code, metric_id, dimension from metric_values",
    "metric_values_whole_authority": (
        "select * exclude (dimension, dimension_value) from metric_values where dimension = 'all'"
    ),
}


# What a hostile or careless case-system entry can hold: a spreadsheet would run these.
HOSTILE_VALUES = {
    "Team A": '=HYPERLINK("http://x")',
    "W1": "=cmd|' /C calc'!A0",
    "P001": '=HYPERLINK("x")',
    "S2": "@SUM(1+1)",
    "H1": "+1+1",
    "A2": "-2+3",
}


def build_serving_database(
    path: Path,
    leave_out: frozenset[str] = frozenset(),
    empty: frozenset[str] = frozenset(),
    substitute: dict[str, str] | None = None,
) -> Path:
    """Write the fixture to `path`: every table except `leave_out`, with `empty` tables left
    empty, and every text cell equal to a key of `substitute` replaced by its value."""
    substitute = substitute or {}
    path = Path(path).absolute()
    path.unlink(missing_ok=True)
    connection = duckdb.connect(str(path))
    try:
        for table, rows in TABLES.items():
            if table in leave_out:
                continue
            connection.execute(f"create table {table} ({SCHEMAS[table]})")
            if rows and table not in empty:
                placeholders = ", ".join("?" * len(rows[0]))
                connection.executemany(
                    f"insert into {table} values ({placeholders})",
                    [[substitute.get(v, v) if isinstance(v, str) else v for v in r] for r in rows],
                )
        if "metric_values" not in leave_out:
            for table, select in PAGE_TABLES.items():
                if table not in leave_out:
                    connection.execute(f"create table {table} as {select}")
    finally:
        connection.close()
    return path
