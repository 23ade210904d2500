"""A build rebuilding one authority compares only its new pairs of snapshots, and its record
changes equal a build from scratch after each new snapshot: a 2nd, a 3rd that stops sending a
column, then a late one between them (dbt_project/macros/changed_pairs_only.sql).

Authority 901 (the base files of snapshot_fixtures): snapshot 1 of 29 February as they are
(the loader keeps R2 out: it closed on 1 March, after the extract date; and A2 with it); 2 of 31
March holds R2 and A2, authorised on 20 March (3 added); 3 of 31 May adds visit V3 and no longer
sends cina_assessment_auth_date (1 added: A1's and A2's dates are left out, not emptied); then
4 of 30 April, delivered late, is 2's with A1 not seen. The pairs are then 1-2 (kept), 2-4 (A1
not seen: 1 change) and 4-3 (A1 seen again, V3 added: 2), and 2-3 is no pair any more. The late
snapshot's first build stops after int_record_changes, as when int_record_change_pairs fails:
the next build must compare its pairs again, not add their changes twice.

Which rows a build kept and which it computed: before each build every row of the tables is
marked (KEPT in a column the builds only carry along); a row computed again has no mark. The
marks are taken off again before the tables are compared with the build from scratch.
"""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest
from snapshot_fixtures import BASE, EARLIER_DAY, changed, make_paths, write_snapshot

from orchestration.landing_load import load_landing_area
from tests.dbt.dbt_warehouse import run_dbt

LA = "901"
# The models compared, and what the models between the loader and them need.
MODELS = ("int_record_versions", "int_record_changes", "int_record_change_pairs", "record_changes")
EVERY_MODEL = "+int_record_change_pairs +record_changes"
SOME = ["--vars", json.dumps({"rebuild_authorities": [LA]})]
A2_AUTHORISED = changed(
    "ssd_cin_assessments", "A2,P2,R2,2024-01-11,N,,Team B", "A2,P2,R2,2024-01-11,N,2024-03-20,Team B"
)["ssd_cin_assessments"]
WITHOUT_AUTH_DATE = (
    "cina_assessment_id,cina_person_id,cina_referral_id,cina_assessment_start_date,"
    "cina_assessment_child_seen,cina_assessment_team\n"
    "A1,P1,R1,2024-01-08,Y,Team A\n"
    "A2,P2,R2,2024-01-11,N,Team B\n"
)
V3 = {"ssd_cin_visits": BASE["ssd_cin_visits"] + "V3,P1,2024-05-02,Y\n"}
LATE = "2024-04-30"
# Each later snapshot, in the order they arrive.
LATER = (
    ("2024-03-31", {"ssd_cin_assessments": A2_AUTHORISED}),
    ("2024-05-31", {"ssd_cin_assessments": WITHOUT_AUTH_DATE, **V3}),
    (LATE, {"ssd_cin_assessments": A2_AUTHORISED.replace("A1,P1,R1,2024-01-08,Y", "A1,P1,R1,2024-01-08,N")}),
)


KEPT = "(kept)"
# The column of each table holding the mark: carried along, never matched or compared (a
# version's sheet: NULL for a CSV file, as every file here is; a change's record id).
MARKED = {
    "intermediate.int_record_versions": "source_location",
    "intermediate.int_record_changes": "record_id",
    "marts.record_changes": "record_id",
}
# Where a version's mark goes when a change is computed from it.
CARRIED = {"intermediate.int_record_changes": ("from_source_location", "to_source_location"),
           "marts.record_changes": ("from_source_location", "to_source_location")}


def build(warehouse, work, arguments=(), select=EVERY_MODEL):
    result = run_dbt(
        ["build", "--select", select, "--resource-type", "model", "seed", *arguments], warehouse, work
    )
    assert result.returncode == 0, result.stdout[-4000:]


def mark(warehouse):
    with duckdb.connect(str(warehouse)) as connection:
        for table, column in MARKED.items():
            connection.execute(f"UPDATE {table} SET {column} = coalesce({column}, '') || '{KEPT}'")


def unmark(warehouse):
    with duckdb.connect(str(warehouse)) as connection:
        for table, column in MARKED.items():
            for marked in (column, *CARRIED.get(table, ())):
                connection.execute(
                    f"UPDATE {table} SET {marked} = nullif(replace({marked}, '{KEPT}', ''), '')"
                )


def differences(incremental, scratch) -> dict[str, tuple[int, int]]:
    """Per model, the rows only the incremental build has and those only the scratch one has."""
    connection = duckdb.connect(str(incremental), read_only=True)
    try:
        connection.execute(f"ATTACH '{scratch}' AS scratch (READ_ONLY)")
        found = {}
        for model in MODELS:
            schema = "marts" if model == "record_changes" else "intermediate"
            ours, theirs = f"{schema}.{model}", f"scratch.{schema}.{model}"
            found[model] = tuple(
                connection.execute(f"SELECT count(*) FROM (FROM {a} EXCEPT ALL FROM {b})").fetchone()[0]
                for a, b in ((ours, theirs), (theirs, ours))
            )
        return found
    finally:
        connection.close()


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """After each later snapshot: the incremental build's rows inserted per model, the rows
    that differ from a build from scratch, and the tables' counts."""
    root = tmp_path_factory.mktemp("record_pairs")
    paths = make_paths(root / "incremental")
    paths.landing_dir.mkdir(parents=True)
    write_snapshot(paths.landing_dir, day=EARLIER_DAY)
    assert not load_landing_area(paths, log=lambda message: None).rejected
    build(paths.warehouse_path, root / "incremental")
    steps = []
    for day, changes in LATER:
        write_snapshot(paths.landing_dir, changes, day=day)
        assert not load_landing_area(paths, log=lambda message: None).rejected
        mark(paths.warehouse_path)
        if day == LATE:
            # A build that stops after int_record_changes, as when int_record_change_pairs fails.
            build(paths.warehouse_path, root / "incremental", SOME, select="+int_record_changes")
            with duckdb.connect(str(paths.warehouse_path), read_only=True) as connection:
                listed_when_interrupted = connection.execute(
                    "SELECT DISTINCT from_extract_date::varchar, to_extract_date::varchar "
                    "FROM intermediate.int_record_change_pairs ORDER BY ALL"
                ).fetchall()
        build(paths.warehouse_path, root / "incremental", SOME)
        scratch = root / f"scratch-{day}"
        scratch.mkdir()
        shutil.copyfile(paths.warehouse_path, scratch / "warehouse.duckdb")
        build(scratch / "warehouse.duckdb", scratch)
        with duckdb.connect(str(paths.warehouse_path), read_only=True) as connection:
            kept_changes = connection.execute(
                "SELECT from_extract_date::varchar, to_extract_date::varchar, "
                f"record_id LIKE '%{KEPT}', count(*) "
                "FROM intermediate.int_record_changes GROUP BY ALL ORDER BY ALL"
            ).fetchall()
            versions = connection.execute(
                "SELECT DISTINCT source_extract_date::varchar, "
                f"coalesce(source_location = '{KEPT}', false) "
                "FROM intermediate.int_record_versions ORDER BY ALL"
            ).fetchall()
            pairs = connection.execute(
                "SELECT DISTINCT from_extract_date::varchar, to_extract_date::varchar "
                "FROM intermediate.int_record_change_pairs ORDER BY ALL"
            ).fetchall()
        unmark(paths.warehouse_path)
        with duckdb.connect(str(paths.warehouse_path), read_only=True) as connection:
            changes_by_pair = connection.execute(
                "SELECT from_extract_date::varchar, to_extract_date::varchar, family, record_id, "
                "change, changed_column FROM intermediate.int_record_changes ORDER BY ALL"
            ).fetchall()
        steps.append({
            "versions": versions,
            "kept_changes": kept_changes,
            "differences": differences(paths.warehouse_path, scratch / "warehouse.duckdb"),
            "changes": changes_by_pair,
            "pairs": pairs,
        })
    steps[-1]["listed_when_interrupted"] = listed_when_interrupted
    return steps


def test_after_each_snapshot_every_row_equals_a_build_from_scratch(builds):
    for step in builds:
        assert step["differences"] == {model: (0, 0) for model in MODELS}


def test_the_changes_are_those_of_the_current_pairs(builds):
    second, third, late = builds
    first_pair = [
        ("2024-02-29", "2024-03-31", "assessments", "A2", "added", None),
        ("2024-02-29", "2024-03-31", "cin_episodes", "R2", "added", None),
        ("2024-02-29", "2024-03-31", "referrals", "R2", "added", None),
    ]
    assert second["changes"] == first_pair
    v3 = ("2024-03-31", "2024-05-31", "cin_visits", "V3", "added", None)
    assert third["changes"] == [*first_pair, v3]  # the authorisation dates left out are no change
    assert late["changes"] == [
        *first_pair,
        ("2024-03-31", "2024-04-30", "assessments", "A1", "changed", "child_seen"),
        ("2024-04-30", "2024-05-31", "assessments", "A1", "changed", "child_seen"),
        ("2024-04-30", "2024-05-31", "cin_visits", "V3", "added", None),
    ]
    assert late["pairs"] == [
        ("2024-02-29", "2024-03-31"), ("2024-03-31", "2024-04-30"), ("2024-04-30", "2024-05-31")
    ]


def test_each_build_reads_the_snapshots_newly_paired_only(builds):
    # (extract date, kept from the build before): the 2nd snapshot's build reads both
    # snapshots' versions (the 1st was in no pair); each later one its own only.
    assert [step["versions"] for step in builds] == [
        [("2024-02-29", False), ("2024-03-31", False)],
        [("2024-02-29", True), ("2024-03-31", True), ("2024-05-31", False)],
        [("2024-02-29", True), ("2024-03-31", True), ("2024-04-30", False), ("2024-05-31", True)],
    ]


def test_each_build_compares_its_new_pairs_only(builds):
    # (pair, kept from the build before, rows): 1-2 is compared once and kept after; 2-3 is
    # compared by the 3rd snapshot's build and deleted by the late one's, which compares 2-4
    # and 4-3.
    assert [step["kept_changes"] for step in builds] == [
        [("2024-02-29", "2024-03-31", False, 3)],
        [("2024-02-29", "2024-03-31", True, 3), ("2024-03-31", "2024-05-31", False, 1)],
        [
            ("2024-02-29", "2024-03-31", True, 3),
            ("2024-03-31", "2024-04-30", False, 1),
            ("2024-04-30", "2024-05-31", False, 2),
        ],
    ]


def test_pairs_compared_by_a_build_that_stopped_before_listing_them_are_compared_again(builds):
    late = builds[-1]
    # The stopped build took 2-3 off the list (it is no pair any more) and listed nothing new:
    # its changes of 2-4 and 4-3 were deleted and compared again by the next build, once.
    assert late["listed_when_interrupted"] == [("2024-02-29", "2024-03-31")]
    assert late["differences"]["int_record_changes"] == (0, 0)
