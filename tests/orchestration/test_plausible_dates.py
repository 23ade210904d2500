"""Plausible dates (issue 13, item 4): a date before a floor is no date, and its row is
quarantined with the floor in plain words; the floors are settings."""

from __future__ import annotations

from datetime import date

from snapshot_fixtures import BASE, changed, quarantine, query, raw_ids, write_snapshot

from orchestration.extract_format import TABLES, Kind
from orchestration.landing_load import load_landing_area
from orchestration.settings import DeliveryLimits, WarehousePaths

BEFORE_1900 = "date is before 1900-01-01: not a plausible date"
EVENT_30_YEARS = (
    "date is more than 30 years before the extract date (2024-03-31): not a plausible date for "
    "this event"
)
BIRTH_26_YEARS = (
    "date of birth is more than 26 years before the extract date (2024-03-31): too old for a "
    "child or young person of this dataset"
)
CHILD_RULE = "child is not in ssd_person, or its row there was quarantined"
REFERRAL_RULE = "referral is not in ssd_cin_episodes, or its row there was quarantined"


def load(paths, changes):
    write_snapshot(paths.landing_dir, changes)
    report = load_landing_area(paths, log=lambda message: None)
    assert [a.status for a in report.attempts] == ["loaded"]


def test_the_issues_placeholder_dates_are_quarantined_with_their_rows_children(paths):
    """1900-01-01 as a referral date, 0001-01-01 as a visit date, a date of birth in 1753."""
    load(
        paths,
        {
            **changed("ssd_person", "Cal,Cole,U,NOBT,2008-11-30", "Cal,Cole,U,NOBT,1753-11-30"),
            **changed("ssd_cin_episodes", "R2,P2,2024-01-10", "R2,P2,1900-01-01"),
            **changed("ssd_cin_visits", "V1,P1,2024-01-10", "V1,P1,0001-01-01"),
        },
    )
    assert quarantine(paths) == [
        ("ssd_cin_assessments", 3, "A2", "cina_referral_id", "R2", REFERRAL_RULE),
        ("ssd_cin_episodes", 3, "R2", "cine_referral_date", "1900-01-01", EVENT_30_YEARS),
        ("ssd_cin_episodes", 4, "R3", "cine_person_id", "P3", CHILD_RULE),
        ("ssd_cin_visits", 2, "V1", "cinv_cin_visit_date", "0001-01-01", BEFORE_1900),
        ("ssd_person", 4, "P3", "pers_dob", "1753-11-30", BEFORE_1900),
    ]
    assert raw_ids(paths, "ssd_cin_episodes", "cine_referral_id") == ["R1"]
    assert query(paths.warehouse_path, "SELECT min(cine_referral_date) FROM raw.ssd_cin_episodes") == [
        (date(2024, 1, 5),)
    ]


def test_each_floor_holds_from_its_day(paths):
    """An event exactly 30 years before the extract date, and a birth exactly 26 years before
    it, are plausible; a day earlier is not."""
    load(
        paths,
        {
            "ssd_cin_visits": BASE["ssd_cin_visits"].splitlines()[0]
            + "\nV1,P1,1994-03-31,Y\nV2,P2,1994-03-30,N\n",
            **changed("ssd_person", "Amy,Able,F,WBRI,2015-06-01", "Amy,Able,F,WBRI,1998-03-31"),
            **changed("ssd_person", "Cal,Cole,U,NOBT,2008-11-30", "Cal,Cole,U,NOBT,1998-03-30"),
        },
    )
    assert quarantine(paths) == [
        ("ssd_cin_episodes", 4, "R3", "cine_person_id", "P3", CHILD_RULE),
        ("ssd_cin_visits", 3, "V2", "cinv_cin_visit_date", "1994-03-30", EVENT_30_YEARS),
        ("ssd_person", 4, "P3", "pers_dob", "1998-03-30", BIRTH_26_YEARS),
    ]
    assert raw_ids(paths, "ssd_cin_visits", "cinv_cin_visit_id") == ["V1"]


def test_the_floors_are_settings(paths):
    limits = DeliveryLimits(earliest_date=date(1950, 1, 1), event_date_years=40, birth_date_years=30)
    settings = WarehousePaths(**{**vars(paths), "limits": limits})
    write_snapshot(
        settings.landing_dir,
        {
            "ssd_cin_visits": BASE["ssd_cin_visits"].splitlines()[0]
            + "\nV1,P1,1984-03-31,Y\nV2,P2,1949-12-31,N\n",
            **changed("ssd_person", "Amy,Able,F,WBRI,2015-06-01", "Amy,Able,F,WBRI,1994-03-31"),
            **changed("ssd_person", "Cal,Cole,U,NOBT,2008-11-30", "Cal,Cole,U,NOBT,1994-03-30"),
        },
    )
    load_landing_area(settings, log=lambda message: None)
    assert quarantine(settings) == [
        ("ssd_cin_episodes", 4, "R3", "cine_person_id", "P3", CHILD_RULE),
        ("ssd_cin_visits", 3, "V2", "cinv_cin_visit_date", "1949-12-31", "date is before 1950-01-01: not a plausible date"),
        ("ssd_person", 4, "P3", "pers_dob", "1994-03-30", BIRTH_26_YEARS.replace("26", "30")),
    ]


def test_every_date_of_the_extract_says_whether_it_dates_an_event_or_a_birth():
    roles = {
        (table.name, column.name): column.date_of
        for table in TABLES
        for column in table.columns_of(Kind.DATE)
    }
    assert {key for key, role in roles.items() if role == "birth"} == {
        ("ssd_person", "pers_dob"),
        ("ssd_person", "pers_expected_dob"),
    }
    assert {role for role in roles.values()} == {"event", "birth"}
