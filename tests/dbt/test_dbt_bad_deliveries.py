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
  birth in 1753 (quarantined: its periods start with its earliest valid referral);
- 906: its second snapshot leaves the column cina_assessment_auth_date out (absent, not empty:
  what needs it is not available, rather than every assessment open);
- 907: one snapshot without ext_case_notes (the lists and metrics needing it are not
  available); 908: one snapshot that never sent cine_close_date (it reads as empty, as the
  format says: every episode open);
- 909: two Annex A workbooks, the second's List 4 without its authorisation date column.
"""

from __future__ import annotations

import datetime as dt
from datetime import date

import pytest
from dbt_warehouse import run_dbt

from orchestration import delivery_holds
from orchestration.landing_load import load_landing_area
from tests.orchestration.annex_a_workbooks import required_lists, sheet, write_annex_a
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


def without_column(table: str, column: str) -> str:
    """The good snapshot's file of `table` with `column` left out of it."""
    lines = [line.split(",") for line in GOOD[table].splitlines()]
    position = lines[0].index(column)
    return "".join(",".join(f for i, f in enumerate(line) if i != position) + "\n" for line in lines)


def annex_a_assessments(landing, la: str, day: str, authorised: bool) -> None:
    """A workbook whose List 4 holds two assessments, one authorised, with the authorisation
    date's column or without it."""
    headings = ["Child Unique ID", "Continuous Assessment Start Date"]
    rows = [["C1", dt.date(2024, 1, 10)], ["C2", dt.date(2024, 2, 5)]]
    if authorised:
        headings.append("Continuous Assessment Date of Authorisation")
        rows = [rows[0] + [dt.date(2024, 2, 1)], rows[1] + [None]]
    referrals = [["C1", dt.date(2024, 1, 5)], ["C2", dt.date(2024, 2, 1)]]
    lists = required_lists(
        list_3=sheet("List 3", ["Child Unique ID", "Date of Referral"], referrals),
        list_4=sheet("List 4", headings, rows),
    )
    write_annex_a(landing, lists, la=la, day=day)


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
    write_snapshot(paths.landing_dir, GOOD, la="906", day=EARLIER)
    no_authorisation = without_column("ssd_cin_assessments", "cina_assessment_auth_date")
    write_snapshot(paths.landing_dir, {**GOOD, "ssd_cin_assessments": no_authorisation}, la="906", day=LATER)
    write_snapshot(paths.landing_dir, {**GOOD, "ext_case_notes": None}, la="907", day=LATER)
    no_close_dates = without_column("ssd_cin_episodes", "cine_close_date")
    write_snapshot(paths.landing_dir, {**GOOD, "ssd_cin_episodes": no_close_dates}, la="908", day=LATER)
    annex_a_assessments(paths.landing_dir, "909", EARLIER, authorised=True)
    annex_a_assessments(paths.landing_dir, "909", LATER, authorised=False)
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
        ("906", [date(2024, 2, 29), date(2024, 3, 31)]),
        ("907", [date(2024, 3, 31)]),
        ("908", [date(2024, 3, 31)]),
        ("909", [date(2024, 2, 29), date(2024, 3, 31)]),
    ]
    assert dict(rows(worst_week, "select la_code, extract_date from staging.stg_current_snapshots")) == {
        "900": date(2024, 2, 29),
        "901": date(2024, 2, 29),
        "902": date(2024, 2, 29),
        "903": date(2024, 2, 29),
        "904": date(2024, 3, 31),
        "905": date(2024, 3, 31),
        "906": date(2024, 3, 31),
        "907": date(2024, 3, 31),
        "908": date(2024, 3, 31),
        "909": date(2024, 3, 31),
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


# -- Absent is not empty (item 3) ---------------------------------------------------------------

NEEDS_AUTHORISATION = {
    "assessment_within_45wd", "assessment_median_wd", "assessments_open_over_45wd",
    "assessments_completed", "assessment_child_seen", "assessment_seen_within_5wd",
    "assessment_seen_once_only", "assessment_domestic_abuse_factor", "assessment_neglect_factor",
    "cwd_no_assessment_12m", "strategy_multiagency", "repeat_referrals_without_neglect",
}
HOMELESS = "Not available: the SSD extract of 31 March 2024 has no ext_homeless_presentations.csv."
LEFT_OUT = (
    "Not available: the SSD extract of 31 March 2024 left out cina_assessment_auth_date of "
    "ssd_cin_assessments.csv, which earlier deliveries had (a column left out is not read as empty)."
)


def metrics_with_values(paths, la_code) -> set[str]:
    return {
        metric_id
        for (metric_id,) in rows(
            paths, "select distinct metric_id from marts.metric_values where la_code = ?", [la_code]
        )
    }


def unavailable_lists(paths, la_code) -> list[tuple]:
    return rows(
        paths,
        "select worklist, unavailable_reason from marts.worklist_availability "
        "where la_code = ? and not available order by all",
        [la_code],
    )


def test_a_column_left_out_makes_what_needs_it_not_available(worst_week):
    """906 stopped sending cina_assessment_auth_date: no assessment reads as open for want of
    it; the measures and work lists that need it say why, the others are the new snapshot's."""
    assert metrics_with_values(worst_week, "906") == metrics_with_values(worst_week, "900") - NEEDS_AUTHORISATION
    reasons = rows(
        worst_week,
        "select distinct metric_id, unavailable_reason from marts.metric_availability "
        "where la_code = '906' and not available and unavailable_reason like '%left out%' "
        "order by all",
    )
    # strategy_multiagency is not available for a reason that comes first: no strategy
    # discussions file in any of these extracts.
    assert reasons == [
        (metric_id, LEFT_OUT) for metric_id in sorted(NEEDS_AUTHORISATION - {"strategy_multiagency"})
    ]
    assert unavailable_lists(worst_week, "906") == [
        ("worklist_cwd_not_assessed", LEFT_OUT),
        ("worklist_homeless_without_s20_advice", HOMELESS),  # as for every authority here
        ("worklist_open_assessments", LEFT_OUT),
    ]
    # Every one of its 60 assessments reads as open without the date; none is listed.
    assert rows(
        worst_week,
        "select count(*) from intermediate.int_open_assessments_on_days "
        "where la_code = '906' and as_at_date = date '2024-03-31'",
    ) == [(60,)]
    assert rows(
        worst_week, "select count(*) from marts.worklist_open_assessments where la_code = '906'"
    ) == [(0,)]
    # The column was left out, not emptied: no assessment is "changed to empty".
    assert rows(worst_week, "select count(*) from marts.record_changes where la_code = '906'") == [(0,)]


def test_a_table_left_out_makes_the_lists_that_need_it_not_available(worst_week):
    no_notes = "Not available: the SSD extract of 31 March 2024 has no ext_case_notes.csv."
    assert rows(
        worst_week,
        "select worklist, available, unavailable_reason from marts.worklist_availability "
        "where la_code = '907' order by worklist",
    ) == [
        ("worklist_cwd_not_assessed", True, None),
        ("worklist_homeless_without_s20_advice", False, HOMELESS),
        ("worklist_open_assessments", True, None),
        ("worklist_oversight_overdue", False, no_notes),
        ("worklist_s47_without_icpc", True, None),
    ]
    assert {"oversight_within_20wd", "chronology_updated_3m"} & metrics_with_values(worst_week, "907") == set()


def test_a_column_an_authority_never_sent_reads_as_empty(worst_week):
    """908 has never sent cine_close_date: as the format says, it reads as empty (every episode
    open), and nothing is made unavailable by it."""
    assert unavailable_lists(worst_week, "908") == [("worklist_homeless_without_s20_advice", HOMELESS)]
    assert metrics_with_values(worst_week, "908") == metrics_with_values(worst_week, "900")
    assert rows(
        worst_week,
        "select column_name from audit.absent_columns where la_code = '908' "
        "and table_name = 'ssd_cin_episodes' order by all",
    ) == [
        (name,)
        for name in sorted([
            "cine_close_date", "cine_referral_outcome_json", "cine_referral_source_code",
            "cine_referral_source_desc", "cine_referral_worker_id",
        ])
    ]


def test_a_workbook_list_left_without_a_column_it_had(worst_week):
    """909's second workbook's List 4 has no authorisation date heading, which its first had:
    its open assessments are not listed from empty dates, and the assessment measures resting
    on it say why; a list its workbooks can never give says so in the kind's words."""
    left_out = (
        "Not available: the Annex A workbook of 31 March 2024 left out assessment_authorised_date "
        "of List 4 - assessments, which earlier deliveries had (a column left out is not read as "
        "empty)."
    )
    never = "Not available from Annex A workbooks: they do not record what this list needs."
    assert rows(
        worst_week,
        "select dropped_columns from staging.stg_snapshots where la_code = '909' order by snapshot_order",
    ) == [([],), (["annex_a_list_4.assessment_authorised_date"],)]
    assert unavailable_lists(worst_week, "909") == [
        # Its workbooks have no List 6, which comes first.
        ("worklist_cwd_not_assessed", "Not available: the Annex A workbook of 31 March 2024 has no List 6 - children in need."),
        ("worklist_homeless_without_s20_advice", never),
        ("worklist_open_assessments", left_out),
        ("worklist_oversight_overdue", never),
    ]
    assert rows(
        worst_week,
        "select metric_id, unavailable_reason from marts.metric_availability where la_code = '909' "
        "and period_grain = 'month' and period_start = date '2024-03-01' "
        "and metric_id in ('assessments_completed', 'assessments_open_over_45wd', 'referrals') order by all",
    ) == [("assessments_completed", left_out), ("assessments_open_over_45wd", left_out), ("referrals", None)]
