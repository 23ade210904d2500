"""The asset checks' verdicts, from the audit history after each load."""

from __future__ import annotations

from snapshot_fixtures import BASE, DAY, EARLIER_DAY, LA, changed, write_snapshot

from orchestration import delivery_checks
from orchestration.landing_load import load_landing_area


def failing(paths) -> dict[tuple[tuple[str, str], str], list[dict]]:
    """The failing delivery checks after a load (the quarantine checks are left aside: the
    earlier snapshot's rows dated after its extract date are quarantined)."""
    report = load_landing_area(paths, log=lambda message: None)
    return {
        (outcome.asset, outcome.name): outcome.rows
        for outcome in delivery_checks.evaluate(report)
        if not outcome.passed and outcome.name != delivery_checks.NO_QUARANTINED_ROWS
    }


def test_a_refused_change_fails_the_tables_check_until_the_file_is_put_back(loaded_paths):
    person = loaded_paths.landing_dir / LA / EARLIER_DAY / "ssd_person.csv"
    original = person.read_bytes()
    person.write_text(BASE["ssd_person"].replace("Amy", "Amelia"))

    refused = failing(loaded_paths)

    assert set(refused) == {
        (("raw", "ssd_person"), "latest_delivery_loaded"),
        (("audit", "snapshot_loads"), "latest_deliveries_loaded"),
    }
    [row] = refused[(("raw", "ssd_person"), "latest_delivery_loaded")]
    assert row["snapshot"] == f"{LA}/{EARLIER_DAY}"
    assert row["fault"].startswith("ssd_person.csv has changed (SHA-256 was ")
    person.write_bytes(original)
    assert failing(loaded_paths) == {}


def test_a_newer_good_delivery_supersedes_an_older_rejection(loaded_paths):
    write_snapshot(loaded_paths.landing_dir, {"ssd_cin_visits": None}, day="2024-03-15")
    assert set(failing(loaded_paths)) == {
        (("raw", "ssd_cin_visits"), "latest_delivery_loaded"),
        (("audit", "snapshot_loads"), "latest_deliveries_loaded"),
    }
    write_snapshot(loaded_paths.landing_dir, day=DAY)
    assert failing(loaded_paths) == {}


def test_quarantined_rows_of_the_current_snapshot_are_a_warning(loaded_paths):
    write_snapshot(loaded_paths.landing_dir, changed("ssd_disability", "D1,P1,NONE", "D1,P1,BLIND"))
    verdicts = {
        (o.asset, o.name): o
        for o in delivery_checks.evaluate(load_landing_area(loaded_paths, log=lambda m: None))
    }
    check = verdicts[(("raw", "ssd_disability"), "no_quarantined_rows")]
    assert (check.passed, check.severity) == (False, "WARN")
    assert check.rows == [{"snapshot": f"{LA}/{DAY}", "rows_loaded": 1, "rows_quarantined": 1}]
    assert check.description == (
        "1 rows of ssd_disability are quarantined in the current snapshots of 1 authorities "
        "(see audit.quarantine)."
    )
