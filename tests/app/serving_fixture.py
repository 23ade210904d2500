"""A small serving database worked out by hand, laid out as docs/architecture.md publishes it.

Two authorities:
- LA 901, extract 2024-06-14 (so June 2024, 2024-25 Q1 and 2024-25 are incomplete), with five
  metrics, slices, a tracker, work lists, a ledger and a quarantine;
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
        "definition VARCHAR"
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
    "worklist_open_assessments": (
        "la_code VARCHAR, as_at_date DATE, person_id VARCHAR, team VARCHAR, assessment_id VARCHAR, "
        "worker_id VARCHAR, start_date DATE, working_days_elapsed INTEGER, "
        "working_days_left INTEGER, status VARCHAR, disabled BOOLEAN, age_band VARCHAR"
    ),
    "worklist_s47_without_icpc": (
        "la_code VARCHAR, as_at_date DATE, person_id VARCHAR, team VARCHAR, s47_enquiry_id VARCHAR, "
        "worker_id VARCHAR, start_date DATE, end_date DATE, working_days_since_start INTEGER"
    ),
    "worklist_cwd_not_assessed": (
        "la_code VARCHAR, as_at_date DATE, person_id VARCHAR, team VARCHAR, "
        "last_assessment_date DATE, days_since_last_assessment INTEGER"
    ),
    "worklist_oversight_overdue": (
        "la_code VARCHAR, as_at_date DATE, person_id VARCHAR, team VARCHAR, "
        "last_oversight_date DATE, working_days_since_oversight INTEGER"
    ),
    "worklist_homeless_without_s20_advice": (
        "la_code VARCHAR, as_at_date DATE, person_id VARCHAR, team VARCHAR, "
        "presentation_id VARCHAR, presentation_date DATE, outcome VARCHAR, assessment_id VARCHAR"
    ),
    "snapshot_loads": (
        "load_id VARCHAR, la_code VARCHAR, snapshot_date DATE, status VARCHAR, message VARCHAR, "
        "files BIGINT, rows_read BIGINT, rows_loaded BIGINT, rows_quarantined BIGINT, "
        "started_at TIMESTAMP, finished_at TIMESTAMP, run_id VARCHAR"
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
     "England 2024-25 (DfE Children in need)", "Of the assessments authorised in the period, the share authorised within 45 working days of their start."),
    ("assessment_median_wd", "Median working days to complete an assessment", 1, "median", "working days", False, None, 33.0,
     "England 2024-25 (DfE Children in need)", "The median number of working days from start to authorisation of the assessments authorised in the period."),
    ("s47_to_icpc", "Section 47 enquiries leading to an initial conference", 6, "rate", "%", None, None, 31.3,
     "England 2024-25: 72,100 ICPCs to 230,590 S47s", "Of the section 47 enquiries that ended in the period, the share with an initial child protection conference."),
    ("homeless_advised_of_s20", "Homeless 16/17-year-olds advised of their s20 rights", 11, "rate", "%", True, 100.0, None,
     None, "Of the young people who presented as homeless in the period, the share told of their right to be looked after."),
    ("referrals", "Referrals", 0, "count", "referrals", None, None, None,
     None, "The number of referrals dated in the period."),
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
    # June has an empty cohort (value NULL).
    *_metric_rows("901", "homeless_advised_of_s20", "rate", _all([
        ("month", 1, 1, 2), ("month", 2, 0, 1), ("month", 3, 1, 1),
        ("month", 4, 0, 2), ("month", 5, 1, 3), ("month", 6, 0, 0),
        ("quarter", "2023-24 Q4", 2, 4), ("quarter", "2024-25 Q1", 1, 5),
        ("financial_year", "2023-24", 2, 4), ("financial_year", "2024-25", 1, 5),
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
     "amber", "No target; within 5 points of England (31.3%)."),
    ("901", 11, AREA_11, "homeless_advised_of_s20", "Homeless 16/17-year-olds advised of their s20 rights", True,
     MAY, 100 / 3, 3, 0.0, 100 / 3, FY_2023, 50.0, 4, None, None, 100.0, None,
     "red", "May 2024: 33.3% is below the target of 100%."),
    ("902", 1, AREA_1, "assessment_within_45wd", "Assessments completed within 45 working days", True,
     MAY, 75.0, 12, 80.0, -5.0, FY_2023, 60.0, 30, None, None, 85.0, 85.7,
     "red", "May 2024: 75.0% is more than 5 points below the target of 85%."),
    # Its latest complete month (May) is not available: never judged, the reason shown.
    ("902", 6, AREA_6, "s47_to_icpc", "Section 47 enquiries leading to an initial conference", None,
     MAY, None, None, None, None, FY_2023, None, 0, None, None, None, 31.3,
     "not available", NO_LIST_5),
]

WORKLISTS = {
    "worklist_open_assessments": [
        ("901", SNAPSHOTS["901"], "P001", "Team A", "A1", "W1", D("2024-04-02"), 50, -5, "overdue", True, "5-9"),
        ("901", SNAPSHOTS["901"], "P002", "Team A", "A2", "W2", D("2024-04-19"), 40, 5, "due soon", False, "10-15"),
        ("901", SNAPSHOTS["901"], "P003", "Team B", "A3", "W3", D("2024-06-03"), 9, 36, "on track", False, "Under 1"),
        ("901", SNAPSHOTS["901"], "P004", "Team B", "A4", "W4", D("2024-04-10"), 46, -1, "overdue", False, "16+"),
        ("902", SNAPSHOTS["902"], "P900", "Team X", "A9", "W9", D("2024-03-01"), 60, -15, "overdue", False, "1-4"),
    ],
    "worklist_s47_without_icpc": [
        ("901", SNAPSHOTS["901"], "P005", "Team B", "S1", "W3", D("2024-05-01"), None, 31),
        ("901", SNAPSHOTS["901"], "P006", "Team A", "S2", "W1", D("2024-05-20"), D("2024-06-10"), 19),
    ],
    "worklist_cwd_not_assessed": [
        ("901", SNAPSHOTS["901"], "P001", "Team A", D("2023-01-10"), 521),
        ("901", SNAPSHOTS["901"], "P007", "Team C", None, None),
    ],
    "worklist_oversight_overdue": [
        ("901", SNAPSHOTS["901"], "P003", "Team B", D("2024-05-01"), 31),
        ("901", SNAPSHOTS["901"], "P008", "Team A", None, None),
    ],
    "worklist_homeless_without_s20_advice": [
        ("901", SNAPSHOTS["901"], "P009", "Team A", "H1", D("2024-05-15"), "undecided", None),
        ("901", SNAPSHOTS["901"], "P010", "Team B", "H2", D("2024-04-03"), "RETURNED_HOME", "A7"),
    ],
}


def _at(day: str, time: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day} {time}")


SNAPSHOT_LOADS = [
    ("L1", "901", D("2024-05-31"), "loaded", None, 19, 5000, 4999, 1, _at("2024-06-01", "06:00"), _at("2024-06-01", "06:02"), "run-0040"),
    ("L2", "901", D("2024-06-14"), "loaded", None, 19, 5200, 5195, 5, _at("2024-06-15", "06:00"), _at("2024-06-15", "06:03"), "run-0042"),
    ("L3", "902", D("2024-05-31"), "loaded", None, 18, 3000, 2998, 2, _at("2024-06-01", "06:00"), _at("2024-06-01", "06:01"), "run-0040"),
    ("L4", "902", D("2024-06-07"), "rejected", "ssd_person.csv has no column pers_dob, which is required.",
     18, 0, 0, 0, _at("2024-06-15", "06:00"), _at("2024-06-15", "06:00"), "run-0042"),
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


def _quarantined(load: str, la: str, snapshot: dt.date, table: str, row: int, record_id: str, column: str, value: str | None, rule: str) -> tuple:
    record = json.dumps({"record_id": record_id, column: value})
    return (load, la, snapshot, table, f"{la}/{snapshot}/{table}.csv", row, record_id, column, value, rule, record)


# L2: five rows quarantined, by rule: ssd_cin_assessments "date after the extract date" 2,
# ssd_cin_assessments "child id not in ssd_person" 1, ssd_person "invalid date" 1 (its value is a
# date of birth, so the published quarantine withholds it), ssd_person "not one of M, F, U" 1.
QUARANTINE = [
    _quarantined("L2", "901", D("2024-06-14"), "ssd_person", 14, "P100", "pers_dob", None, "invalid date"),
    _quarantined("L2", "901", D("2024-06-14"), "ssd_person", 15, "P101", "pers_sex", "X", "not one of M, F, U"),
    _quarantined("L2", "901", D("2024-06-14"), "ssd_cin_assessments", 7, "A100", "cina_assessment_auth_date", "2024-07-01", "date after the extract date"),
    _quarantined("L2", "901", D("2024-06-14"), "ssd_cin_assessments", 8, "A101", "cina_assessment_auth_date", "2024-06-30", "date after the extract date"),
    _quarantined("L2", "901", D("2024-06-14"), "ssd_cin_assessments", 9, "A102", "cina_person_id", "P999", "child id not in ssd_person"),
    _quarantined("L1", "901", D("2024-05-31"), "ssd_person", 3, "P050", "pers_sex", "Q", "not one of M, F, U"),
    _quarantined("L3", "902", D("2024-05-31"), "ssd_cin_episodes", 4, "R1", "cine_referral_date", "2024-13-01", "invalid date"),
    _quarantined("L3", "902", D("2024-05-31"), "ssd_cin_episodes", 5, "R2", "cine_referral_date", "2024-14-01", "invalid date"),
]

TABLES = {
    "authorities": AUTHORITIES,
    "refresh_info": REFRESH_INFO,
    "metric_catalogue": CATALOGUE,
    "metric_values": METRIC_VALUES,
    "improvement_tracker": IMPROVEMENT_TRACKER,
    "metric_availability": METRIC_AVAILABILITY,
    **WORKLISTS,
    "snapshot_loads": SNAPSHOT_LOADS,
    "load_ledger": LOAD_LEDGER,
    "quarantine": QUARANTINE,
    "landing_notices": [],  # tests that need some add them
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
    finally:
        connection.close()
    return path
