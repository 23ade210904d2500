"""Deliveries held for review (issue 13, item 2): the operator's worst week, case by case.

Each bad delivery follows a good snapshot of 60 children (snapshot_fixtures.many_children) of
2024-02-29; each is held (loaded into raw, status `held`, not used for the figures) or
rejected, with its exact message, while the good snapshot stays the authority's current one.
"""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from snapshot_fixtures import (
    DAY,
    EARLIER_DAY,
    LA,
    changed,
    make_paths,
    many_children,
    query,
    write_snapshot,
)

from orchestration import delivery_checks, delivery_holds
from orchestration.delivery_holds import Acceptance, AcceptanceError, TableCount
from orchestration.landing_load import load_landing_area
from orchestration.settings import DeliveryLimits

GOOD = many_children(60)
# Each authority's current snapshot, as the metrics layer chooses it
# (dbt_project/models/staging/stg_current_snapshots.sql).
_CURRENT_SNAPSHOTS = (
    "SELECT la_code, load_id FROM audit.snapshot_loads WHERE status = 'loaded' "
    "QUALIFY row_number() OVER (PARTITION BY la_code "
    "ORDER BY snapshot_date DESC, finished_at DESC, load_id DESC) = 1"
)
CASCADE = "quarantined because the child or record they name is missing or was quarantined"


def quiet(message: str) -> None:
    pass


@pytest.fixture(scope="module")
def _good_warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("good")
    paths = make_paths(root)
    write_snapshot(paths.landing_dir, GOOD, day=EARLIER_DAY)
    [attempt] = load_landing_area(paths, log=quiet).attempts
    assert attempt.status == "loaded"
    return root


@pytest.fixture
def good(tmp_path, _good_warehouse):
    """A warehouse holding the good snapshot of 2024-02-29 and nothing else."""
    root = tmp_path / "state"
    shutil.copytree(_good_warehouse, root)
    return make_paths(root)


def deliver(paths, changes, day=DAY, **options):
    """Deliver the good snapshot with `changes` on `day`; the attempt's (status, message)."""
    write_snapshot(paths.landing_dir, {**GOOD, **changes}, day=day)
    report = load_landing_area(paths, log=quiet, **options)
    [attempt] = report.attempts
    return attempt.status, attempt.message


def current_snapshot(paths) -> date:
    """The snapshot the metrics layer takes as the authority's current one."""
    [(load_id,)] = query(paths.warehouse_path, f"SELECT load_id FROM ({_CURRENT_SNAPSHOTS})")
    [(day,)] = query(
        paths.warehouse_path,
        "SELECT snapshot_date FROM audit.snapshot_loads WHERE load_id = ?",
        [load_id],
    )
    return day


def ledger_messages(paths, day=DAY) -> dict[str, str]:
    return dict(
        query(
            paths.warehouse_path,
            "SELECT table_name, message FROM audit.load_ledger "
            "WHERE snapshot_date = ? AND message IS NOT NULL",
            [day],
        )
    )


def test_every_sex_written_as_a_word_holds_the_delivery(good):
    words = GOOD["ssd_person"].replace(",M,WBRI", ",Male,WBRI").replace(",F,WBRI", ",Female,WBRI")
    status, message = deliver(good, {"ssd_person": words})

    assert status == "held"
    assert message == (
        "ssd_person: 54 of 60 rows (90%) quarantined; more than 5% held the delivery for "
        "review; and in turn ssd_disability 54 of 60 rows (90%), ssd_cin_episodes 54 of 60 rows "
        "(90%), ssd_cin_assessments 54 of 60 rows (90%), ssd_cin_visits 108 of 120 rows (90%), "
        "ssd_s47_enquiry 54 of 60 rows (90%), ssd_initial_cp_conference 54 of 60 rows (90%), "
        "ssd_cp_plans 54 of 60 rows (90%), ssd_cp_visits 54 of 60 rows (90%), ext_case_notes 54 "
        f"of 60 rows (90%) {CASCADE} (more than 5% of each)"
    )
    messages = ledger_messages(good)
    assert messages["ssd_person"] == (
        "ssd_person: 54 of 60 rows (90%) quarantined; more than 5% held the delivery for review"
    )
    assert messages["ssd_cin_visits"] == (
        f"ssd_cin_visits: 108 of 120 rows (90%) {CASCADE}; more than 5% held the delivery for "
        "review"
    )
    assert "ssd_assessment_factors" not in messages
    # Loaded into raw for inspection, with its quarantine; the figures stay the good snapshot's.
    assert query(
        good.warehouse_path, "SELECT count(*) FROM raw.ssd_person WHERE snapshot_date = ?", [DAY]
    ) == [(6,)]
    assert query(
        good.warehouse_path,
        "SELECT count(DISTINCT source_row) FROM audit.quarantine WHERE table_name = 'ssd_person'",
    ) == [(54,)]
    assert current_snapshot(good) == date(2024, 2, 29)


def test_every_date_of_birth_written_dd_mm_yyyy_holds_the_delivery(good):
    header, *rows = GOOD["ssd_person"].splitlines()
    day_first = [header]
    for row in rows:
        fields = row.split(",")
        year, month, day = fields[7].split("-")
        fields[7] = f"{day}-{month}-{year}"
        day_first.append(",".join(fields))
    status, message = deliver(good, {"ssd_person": "\n".join(day_first) + "\n"})
    assert status == "held"
    assert message.startswith(
        "ssd_person: 60 of 60 rows (100%) quarantined; more than 5% held the delivery for "
        "review; and in turn ssd_disability 60 of 60 rows (100%), "
    )
    assert query(
        good.warehouse_path,
        "SELECT DISTINCT rule FROM audit.quarantine WHERE table_name = 'ssd_person'",
    ) == [("not a valid date (expected YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or DD/MM/YYYY)",)]
    assert current_snapshot(good) == date(2024, 2, 29)


def test_a_referrals_file_cut_at_a_line_boundary_is_held(good):
    lines = GOOD["ssd_cin_episodes"].splitlines(keepends=True)
    kept = lines[: 1 + 36]  # 24 of 60 referrals gone: 40%
    status, message = deliver(good, {"ssd_cin_episodes": "".join(kept)})
    assert status == "held"
    assert message == (
        "ssd_cin_episodes: 36 rows, 60 in the previous snapshot (2024-02-29): 40% fewer; a fall "
        "of more than 20% held the delivery for review; and in turn ssd_cin_assessments 24 of 60 "
        "rows (40%), ssd_s47_enquiry 24 of 60 rows (40%), ssd_initial_cp_conference 24 of 60 "
        f"rows (40%) {CASCADE} (more than 5% of each)"
    )
    assert current_snapshot(good) == date(2024, 2, 29)


def test_a_referrals_file_cut_inside_a_line_is_rejected(good):
    cut = "".join(GOOD["ssd_cin_episodes"].splitlines(keepends=True)[:37]) + "R37,P37,2024-01"
    status, message = deliver(good, {"ssd_cin_episodes": cut})
    assert status == "rejected"
    assert message == (
        "ssd_cin_episodes.csv is truncated: its last row (row 38) has 3 of the header's 8 fields"
    )
    assert current_snapshot(good) == date(2024, 2, 29)


def test_a_header_only_visits_file_is_held(good):
    header = GOOD["ssd_cin_visits"].splitlines()[0] + "\n"
    assert deliver(good, {"ssd_cin_visits": header}) == (
        "held",
        "ssd_cin_visits: no rows (its file has a header only), 120 rows in the previous snapshot "
        "(2024-02-29); a table that had rows and has none held the delivery for review",
    )
    assert current_snapshot(good) == date(2024, 2, 29)


def test_an_optional_table_left_out_is_held(good):
    assert deliver(good, {"ext_case_notes": None}) == (
        "held",
        "ext_case_notes: not delivered, 60 rows in the previous snapshot (2024-02-29); a table "
        "that had rows and has none held the delivery for review",
    )


def test_a_delivery_within_the_limits_replaces_the_figures(good):
    """A fifth fewer visits and one bad sex of sixty are within the limits."""
    visits = "".join(GOOD["ssd_cin_visits"].splitlines(keepends=True)[: 1 + 96])
    person = GOOD["ssd_person"].replace("P1,L1,U000000000001,Kid,Number1,F", "P1,L1,U000000000001,Kid,Number1,Girl")
    assert deliver(good, {"ssd_cin_visits": visits, "ssd_person": person}) == ("loaded", None)
    assert current_snapshot(good) == date(2024, 3, 31)


def test_a_handful_of_rows_never_holds_a_delivery(paths):
    """Below 20 rows quarantined or gone, a share says little: BASE's one bad visit of two."""
    write_snapshot(paths.landing_dir, changed("ssd_cin_visits", "V2,P2,2024-01-12,N", "V2,P2,2024-01-12,?"))
    [attempt] = load_landing_area(paths, log=quiet).attempts
    assert attempt.status == "loaded"


def test_a_first_delivery_mostly_quarantined_is_held(paths):
    write_snapshot(paths.landing_dir, {**GOOD, "ssd_person": GOOD["ssd_person"].replace(",WBRI,", ",White,")})
    [attempt] = load_landing_area(paths, log=quiet).attempts
    assert attempt.status == "held"
    assert attempt.message.startswith(
        "ssd_person: 60 of 60 rows (100%) quarantined; more than 5% held the delivery for review"
    )
    assert query(paths.warehouse_path, f"SELECT count(*) FROM ({_CURRENT_SNAPSHOTS})") == [(0,)]


def test_the_next_delivery_is_compared_with_the_snapshot_in_use_not_the_held_one(good):
    header = GOOD["ssd_cin_visits"].splitlines()[0] + "\n"
    assert deliver(good, {"ssd_cin_visits": header})[0] == "held"
    # 110 visits: within a fifth of the 120 in use (against the held snapshot's 0 it would be
    # a rise, and against the held one the comparison would be meaningless).
    visits = "".join(GOOD["ssd_cin_visits"].splitlines(keepends=True)[: 1 + 110])
    assert deliver(good, {"ssd_cin_visits": visits}, day="2024-04-30") == ("loaded", None)
    assert current_snapshot(good) == date(2024, 4, 30)


def test_the_limits_are_settings(good):
    limits = DeliveryLimits(max_row_drop=0.5, hold_min_rows=20)
    relaxed = type(good)(**{**vars(good), "limits": limits})
    kept = "".join(GOOD["ssd_cin_episodes"].splitlines(keepends=True)[: 1 + 36])
    write_snapshot(relaxed.landing_dir, {**GOOD, "ssd_cin_episodes": kept})
    [attempt] = load_landing_area(relaxed, log=quiet).attempts
    # 40% fewer referrals is within 50%, but 40% of the assessments lose their referral.
    assert attempt.message == (
        f"ssd_cin_assessments 24 of 60 rows (40%), ssd_s47_enquiry 24 of 60 rows (40%), "
        f"ssd_initial_cp_conference 24 of 60 rows (40%) {CASCADE}; more than 5% of each held "
        "the delivery for review"
    )


# -- Accepting a held delivery -----------------------------------------------------------------


def test_an_operator_accepts_a_held_delivery_and_its_figures_are_used(good):
    header = GOOD["ssd_cin_visits"].splitlines()[0] + "\n"
    status, held_message = deliver(good, {"ssd_cin_visits": header})
    assert status == "held"
    checks = failing_checks(good)
    assert set(checks) == {
        (("raw", "ssd_cin_visits"), "latest_delivery_loaded"),
        (("audit", "snapshot_loads"), "latest_deliveries_loaded"),
    }
    assert checks[(("raw", "ssd_cin_visits"), "latest_delivery_loaded")] == (
        "ERROR",
        "The newest delivery of 1 authorities was not loaded, or is held for review, because of "
        f"ssd_cin_visits.csv: {LA}/{DAY}: held for review: {held_message}",
    )

    request = delivery_holds.acceptance([f"{LA}/{DAY}"], "Jo Bloggs, data manager", None)
    report = load_landing_area(good, run_id="run-9", log=quiet, acceptance=request)

    assert [a.label for a in report.accepted] == [f"{LA}/{DAY}"]
    assert report.summary().endswith(f"Accepted after review: {LA}/{DAY}.")
    assert current_snapshot(good) == date(2024, 3, 31)
    assert query(
        good.warehouse_path,
        "SELECT la_code, snapshot_date, accepted_by, accepted_through, run_id, held_message, "
        "accepted_at IS NOT NULL FROM audit.held_acceptances",
    ) == [
        (LA, date(2024, 3, 31), "Jo Bloggs, data manager", "run config accepted_by", "run-9",
         held_message, True)
    ]
    assert query(
        good.warehouse_path, "SELECT status, message FROM audit.snapshot_loads WHERE snapshot_date = ?", [DAY]
    ) == [("loaded", held_message)]
    assert failing_checks(good) == {}


def failing_checks(paths) -> dict:
    report = load_landing_area(paths, log=quiet)
    return {
        (o.asset, o.name): (o.severity, o.description)
        for o in delivery_checks.evaluate(report)
        if not o.passed and o.name != delivery_checks.NO_QUARANTINED_ROWS
    }


def test_a_delivery_can_be_accepted_in_the_run_that_holds_it(good):
    header = GOOD["ssd_cin_visits"].splitlines()[0] + "\n"
    request = delivery_holds.acceptance([f"{LA}/{DAY}"], None, "jo@council.example")
    write_snapshot(good.landing_dir, {**GOOD, "ssd_cin_visits": header})
    report = load_landing_area(good, log=quiet, acceptance=request)
    assert [a.status for a in report.attempts] == ["held"]
    assert [(a.label, a.accepted_by) for a in report.accepted] == [
        (f"{LA}/{DAY}", "jo@council.example")
    ]
    assert query(good.warehouse_path, "SELECT accepted_through FROM audit.held_acceptances") == [
        ("the run's user tag",)
    ]
    assert current_snapshot(good) == date(2024, 3, 31)


def test_accepting_a_delivery_that_is_not_held_is_an_error_naming_those_that_are(good):
    header = GOOD["ssd_cin_visits"].splitlines()[0] + "\n"
    deliver(good, {"ssd_cin_visits": header})
    request = delivery_holds.acceptance([f"{LA}/2024-02-29"], "Jo", None)
    with pytest.raises(AcceptanceError) as refused:
        load_landing_area(good, log=quiet, acceptance=request)
    assert str(refused.value) == (
        f"accept_held names {LA}/2024-02-29, which is not held for review (it may be loaded "
        f"already, rejected, or not delivered); held now: {LA}/{DAY}"
    )


@pytest.mark.parametrize(
    "named, words",
    [
        ("901-2024-03-31", "accept_held: '901-2024-03-31' does not name a snapshot as "
         "<authority>/<extract date>, as 901/2024-03-31"),
        ("901/2024-02-30", "accept_held: '901/2024-02-30': 2024-02-30 is no date"),
    ],
)
def test_a_snapshot_named_badly_for_acceptance_is_refused(named, words):
    with pytest.raises(AcceptanceError) as refused:
        delivery_holds.acceptance([named], None, None)
    assert str(refused.value) == words


def test_without_a_name_the_system_user_accepts():
    request = delivery_holds.acceptance(["901/2024-03-31"], " ", "")
    assert request.accepted_through == "the system user running the refresh"
    assert request.accepted_by
    assert delivery_holds.acceptance([], "Jo", None) is None


# -- Like with like ---------------------------------------------------------------------------


def test_a_workbook_is_compared_with_the_previous_workbook_never_an_extract(good):
    """An Annex A workbook's lists are compared with the same lists of the authority's last
    workbook in use, whatever SSD extracts came between."""
    import duckdb

    connection = duckdb.connect(str(good.warehouse_path))
    try:
        for load_id, day, table, rows in [
            ("wb-1", date(2024, 1, 31), "annex_a_list_3", 50),
            ("wb-1", date(2024, 1, 31), "annex_a_list_4", 40),
        ]:
            connection.execute(
                "INSERT INTO audit.load_ledger (load_id, la_code, snapshot_date, table_name, "
                "status, rows_read) VALUES (?, ?, ?, ?, 'loaded', ?)",
                [load_id, LA, day, table, rows],
            )
        connection.execute(
            "INSERT INTO audit.snapshot_loads (load_id, la_code, snapshot_date, status) "
            "VALUES ('wb-1', ?, DATE '2024-01-31', 'loaded')",
            [LA],
        )
        workbook = delivery_holds.previous_snapshot(connection, LA, date(2024, 4, 30), "annex_a")
        extract = delivery_holds.previous_snapshot(connection, LA, date(2024, 4, 30), "ssd")
    finally:
        connection.close()
    assert workbook == delivery_holds.Previous(
        date(2024, 1, 31), {"annex_a_list_3": 50, "annex_a_list_4": 40}
    )
    assert extract.snapshot_date == date(2024, 2, 29)
    reasons = delivery_holds.hold_reasons(
        [TableCount("annex_a_list_3", 20, 0, 0), TableCount("annex_a_list_4", 38, 0, 0)],
        workbook,
        DeliveryLimits(),
    )
    assert {name: reason.words for name, reason in reasons.items()} == {
        "annex_a_list_3": "annex_a_list_3: 20 rows, 50 in the previous snapshot (2024-01-31): "
        "60% fewer; a fall of more than 20% held the delivery for review"
    }



def test_a_census_year_with_fewer_enquiries_is_a_year_not_a_cut_file():
    """A return counts its own collection year: 89 enquiries after last year's 121 (26% fewer)
    is not held; a return with none after last year's 121 is."""
    previous = delivery_holds.Previous(date(2023, 3, 31), {"cin_census_s47_enquiries": 121})
    limits = DeliveryLimits()
    fewer = [TableCount("cin_census_s47_enquiries", rows_read=89, rows_quarantined=0, rows_cascaded=0)]
    assert delivery_holds.hold_reasons(fewer, previous, limits) == {}
    none = [TableCount("cin_census_s47_enquiries", rows_read=0, rows_quarantined=0, rows_cascaded=0)]
    [reason] = delivery_holds.hold_reasons(none, previous, limits).values()
    assert reason.words == (
        "cin_census_s47_enquiries: no rows, 121 rows in the previous "
        "snapshot (2023-03-31); a table that had rows and has none held the delivery for review"
    )
