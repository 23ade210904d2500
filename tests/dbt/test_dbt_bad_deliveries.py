"""The operator's worst week through to the figures (issue 13): bad deliveries keep the
published figures, an accepted one replaces them, implausible dates never reach the periods.

One warehouse, built the real way (the loader, then `dbt build`), of hand-made authorities of
60 children each (tests/orchestration/snapshot_fixtures.many_children), with a good snapshot of
2024-02-29 and a bad one of 2024-03-31:

- 900: the good snapshot only: the figures the others must keep;
- 901: every `pers_sex` written as a word (held); 902: its referrals file cut at a line
  boundary, 40% of rows gone (held); 903: a header-only `ssd_cin_visits` (held);
- 904: as 903, but an operator accepted it: its figures are the new snapshot's;
- 905: one snapshot with a referral dated 1900-01-01, a visit dated 0001-01-01 and a date of
  birth in 1753 (quarantined: its periods start with its earliest valid referral).
"""

from __future__ import annotations

from datetime import date

import pytest
from dbt_warehouse import run_dbt

from orchestration import delivery_holds
from orchestration.landing_load import load_landing_area
from tests.orchestration.snapshot_fixtures import make_paths, many_children, query, write_snapshot

GOOD = many_children(60)
EARLIER, LATER = "2024-02-29", "2024-03-31"
HEADER_ONLY_VISITS = GOOD["ssd_cin_visits"].splitlines()[0] + "\n"
BAD = {
    "901": {
        "ssd_person": GOOD["ssd_person"]
        .replace(",M,WBRI", ",Male,WBRI")
        .replace(",F,WBRI", ",Female,WBRI")
    },
    "902": {"ssd_cin_episodes": "".join(GOOD["ssd_cin_episodes"].splitlines(keepends=True)[:37])},
    "903": {"ssd_cin_visits": HEADER_ONLY_VISITS},
    "904": {"ssd_cin_visits": HEADER_ONLY_VISITS},
}


def implausible() -> dict[str, str | None]:
    person = GOOD["ssd_person"].replace(",Number3,F,WBRI,2012-05-04", ",Number3,F,WBRI,1753-05-04")
    episodes = GOOD["ssd_cin_episodes"].replace("R1,P1,2024-01-02", "R1,P1,1900-01-01")
    visits = GOOD["ssd_cin_visits"].replace("V2a,P2,2024-02-02", "V2a,P2,0001-01-01")
    assert (person, episodes, visits) != (GOOD["ssd_person"], GOOD["ssd_cin_episodes"], GOOD["ssd_cin_visits"])
    return {**GOOD, "ssd_person": person, "ssd_cin_episodes": episodes, "ssd_cin_visits": visits}


@pytest.fixture(scope="module")
def worst_week(tmp_path_factory):
    work = tmp_path_factory.mktemp("worst_week")
    paths = make_paths(work)
    paths.landing_dir.mkdir()
    for la in ("900", *BAD):
        write_snapshot(paths.landing_dir, GOOD, la=la, day=EARLIER)
    for la, changes in BAD.items():
        write_snapshot(paths.landing_dir, {**GOOD, **changes}, la=la, day=LATER)
    write_snapshot(paths.landing_dir, implausible(), la="905", day=LATER)
    accept = delivery_holds.acceptance([f"904/{LATER}"], "Jo Bloggs", None)
    report = load_landing_area(paths, log=lambda message: None, acceptance=accept)
    assert [a.label for a in report.held] == [f"{la}/{LATER}" for la in BAD]
    build = run_dbt(["build", "--exclude", "test_type:unit"], paths.warehouse_path, work)
    assert build.returncode == 0, f"dbt build failed:\n{build.stdout[-6000:]}"
    return paths


def rows(paths, sql, parameters=None):
    return query(paths.warehouse_path, sql, parameters)


def test_held_snapshots_are_left_out_of_the_history(worst_week):
    assert rows(
        worst_week,
        "select la_code, list(extract_date order by snapshot_order) from staging.stg_snapshots "
        "group by la_code order by la_code",
    ) == [
        ("900", [date(2024, 2, 29)]),
        ("901", [date(2024, 2, 29)]),
        ("902", [date(2024, 2, 29)]),
        ("903", [date(2024, 2, 29)]),
        ("904", [date(2024, 2, 29), date(2024, 3, 31)]),
        ("905", [date(2024, 3, 31)]),
    ]
    assert dict(rows(worst_week, "select la_code, extract_date from staging.stg_current_snapshots")) == {
        "900": date(2024, 2, 29),
        "901": date(2024, 2, 29),
        "902": date(2024, 2, 29),
        "903": date(2024, 2, 29),
        "904": date(2024, 3, 31),
        "905": date(2024, 3, 31),
    }


@pytest.mark.parametrize("la_code", ["901", "902", "903"])
def test_a_held_delivery_keeps_the_published_figures(worst_week, la_code):
    """Every metric value, work list row and tracker row is the good snapshot's (as 900's)."""
    for table in ("metric_values", "improvement_tracker", "worklist_open_assessments"):
        kept = f"select * exclude (la_code) from marts.{table} where la_code = ?"
        good, held = (rows(worst_week, kept, [la]) for la in ("900", la_code))
        assert sorted(held, key=str) == sorted(good, key=str), table
    assert rows(worst_week, "select count(*) from marts.metric_values where la_code = ?", [la_code]) == [
        (380,)
    ]


def test_an_accepted_delivery_replaces_the_figures(worst_week):
    """904 accepted its header-only visits file: the children are now never seen on a visit."""
    seen = (
        "select numerator, denominator from marts.metric_values where la_code = ? and "
        "metric_id = 'assessment_seen_once_only' and period_grain = 'month' and "
        "period_start = date '2024-02-01' and dimension = 'all'"
    )
    assert rows(worst_week, seen, ["900"]) == [(60, 60)]  # one seen visit each, 2 February
    assert rows(worst_week, seen, ["904"]) == [(0, 60)]


def test_implausible_dates_never_reach_the_periods(worst_week):
    """905's referral of 1900-01-01 and its child born in 1753 were quarantined, with their
    rows; the periods start with the month of its earliest valid referral, 1 January 2024."""
    assert rows(
        worst_week,
        "select min(period_start), max(period_start), count(distinct period_start) "
        "from marts.metric_values where la_code = '905' and period_grain = 'month'",
    ) == [(date(2024, 1, 1), date(2024, 3, 1), 3)]
    assert rows(
        worst_week,
        "select min(referral_date) from staging.stg_referrals where la_code = '905'",
    ) == [(date(2024, 1, 1),)]
    assert rows(
        worst_week,
        "select table_name, record_id, rule from audit.quarantine where la_code = '905' "
        "and rule like 'date%' order by all",
    ) == [
        ("ssd_cin_episodes", "R1", "date is more than 30 years before the extract date (2024-03-31): not a plausible date for this event"),
        ("ssd_cin_visits", "V2a", "date is before 1900-01-01: not a plausible date"),
        ("ssd_person", "P3", "date is before 1900-01-01: not a plausible date"),
    ]
