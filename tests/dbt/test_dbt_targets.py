"""Targets: the shipped defaults, and an authority's overrides taking their place in its
improvement tracker without any SQL being edited."""

import csv
import json
import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from dbt_warehouse import DBT_PROJECT, catalogue_entries, copy_of_dbt_project, run_dbt

SEEDS = DBT_PROJECT / "seeds"


def read_seed(name: str) -> list[dict]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_rate_and_median_of_the_areas_has_a_default_target():
    targets = {row["metric_id"]: row for row in read_seed("metric_targets")}
    judged = {
        entry["metric_id"] for entry in catalogue_entries()
        if entry["improvement_area"] > 0 and entry["kind"] in ("rate", "median")
    }
    assert set(targets) == judged
    for metric_id, row in targets.items():
        assert row["basis"] in ("statutory timescale", "England figure", "local choice"), metric_id
        assert row["note"].strip(), metric_id


def test_targets_from_the_england_figure_equal_it():
    england = {entry["metric_id"]: entry.get("england_value") for entry in catalogue_entries()}
    for row in read_seed("metric_targets"):
        if row["basis"] == "England figure":
            assert float(row["target"]) == england[row["metric_id"]], row["metric_id"]


def test_overrides_ship_empty():
    assert (SEEDS / "target_overrides.csv").read_text(encoding="utf-8") == "la_code,metric_id,target,note,band_low,band_high\n"


def test_catalogue_publishes_the_default_targets(warehouse):
    published = dict(warehouse.query("select metric_id, target from marts.metric_catalogue where target is not null"))
    assert published == {row["metric_id"]: float(row["target"]) for row in read_seed("metric_targets")}


@pytest.fixture()
def project_with_overrides(tmp_path: Path, warehouse):
    """A copy of dbt_project/ to write overrides into, rebuilt on the built warehouse itself:
    its path is part of the build's saved parse, so dbt parses again only the seed changed here.
    The warehouse is put back as it was built afterwards (from a copy made first)."""
    project = copy_of_dbt_project(tmp_path)
    as_built = tmp_path / "warehouse_as_built.duckdb"
    shutil.copyfile(warehouse.path, as_built)

    def rebuild_with(overrides: str) -> tuple[int, dict[str, tuple], Path]:
        """dbt's return code, each node's (status, failures) by name, and the warehouse."""
        (project / "seeds" / "target_overrides.csv").write_text(
            "la_code,metric_id,target,note,band_low,band_high\n" + overrides, encoding="utf-8"
        )
        result = run_dbt(
            ["build", "--select", "target_overrides+"], warehouse.path, tmp_path, project,
            parse_of=warehouse.target_dir,
        )
        run_results = json.loads((tmp_path / "target" / "run_results.json").read_text(encoding="utf-8"))
        statuses = {r["unique_id"].split(".")[-1]: (r["status"], r["failures"]) for r in run_results["results"]}
        return result.returncode, statuses, warehouse.path

    try:
        yield rebuild_with
    finally:
        # A log of writes dbt did not get to fold into the file would be replayed on it.
        warehouse.path.with_name(warehouse.path.name + ".wal").unlink(missing_ok=True)
        os.replace(as_built, warehouse.path)


def test_an_override_takes_the_place_of_the_default(project_with_overrides):
    returncode, statuses, warehouse_copy = project_with_overrides(
        ",assessments_open_over_45wd,1,Every authority's choice,,\n"
        "990,cwd_no_assessment_12m,5,Only 990,,\n"
    )
    assert returncode == 0, statuses
    assert statuses["improvement_tracker"][0] == "success"
    connection = duckdb.connect(str(warehouse_copy), read_only=True)
    try:
        rows = connection.execute(
            "select la_code, metric_id, target, target_basis, target_note, status, status_reason "
            "from marts.improvement_tracker where la_code in ('990', '991') "
            "and metric_id in ('assessments_open_over_45wd', 'cwd_no_assessment_12m') order by all"
        ).fetchall()
        defaults = connection.execute(
            "select metric_id, target from marts.metric_catalogue "
            "where metric_id in ('assessments_open_over_45wd', 'cwd_no_assessment_12m') order by all"
        ).fetchall()
    finally:
        connection.close()
    # The count, not rated without a target, is now judged: 990 had A09 open 52 working days on
    # 30 April 2023. 990's own target for disabled children replaces the default of 10 for 990
    # only (two children: too few to judge either way). 991's history starts on 5 January
    # 2023, so its March is never judged: open assessments are within the 12-month warm-up and
    # the disabled children's look-back reaches before it; the targets still show.
    assert rows == [
        ("990", "assessments_open_over_45wd", 1.0, "local choice", "Every authority's choice", "green",
         "April 2023: 1, meeting the target (local choice) of 1."),
        ("990", "cwd_no_assessment_12m", 5.0, "local choice", "Only 990", "not enough data",
         "2 in the cohort on 30 April 2023, fewer than the 10 needed to judge."),
        ("991", "assessments_open_over_45wd", 1.0, "local choice", "Every authority's choice", "history too short",
         "Not judged: the history is too short. It falls within 12 months of the history starting on "
         "5 January 2023: work that began before then is missing from it."),
        ("991", "cwd_no_assessment_12m", 10.0, "local choice", read_seed_note("cwd_no_assessment_12m"), "history too short",
         "Not judged: the history is too short. It looks back 12 months, to before the history starts on "
         "5 January 2023: what happened before then is not known."),
    ]
    # The catalogue keeps the defaults: it is the same for every authority.
    assert defaults == [("assessments_open_over_45wd", None), ("cwd_no_assessment_12m", 10.0)]


def read_seed_note(metric_id: str) -> str:
    return next(row["note"] for row in read_seed("metric_targets") if row["metric_id"] == metric_id)


def test_a_bad_override_stops_the_tracker_with_its_reason(project_with_overrides):
    # A metric id that is not in the catalogue, a rate's target over 100, a metric judged
    # against a band without one, a band for a metric judged one way, and a band that does not
    # hold its target: five failures; nothing reading the overrides is built on them.
    returncode, statuses, warehouse_copy = project_with_overrides(
        ",no_such_metric,50,,,\n"
        "990,assessment_within_45wd,150,,,\n"
        "990,s47_to_icpc,30,No band,,\n"
        ",re_referral_12m,20,,10,30\n"
        "991,icpc_to_cp_plan,95,,78,92\n"
    )
    assert returncode != 0
    assert statuses["targets_are_for_rated_metrics_in_range"] == ("fail", 5)
    assert statuses["metric_references"][0] == statuses["improvement_tracker"][0] == "skipped"
    # The rows and their problems are kept in the warehouse for whoever edits the file.
    connection = duckdb.connect(str(warehouse_copy), read_only=True)
    try:
        problems = connection.execute(
            "select la_code, metric_id, target, problem "
            "from dbt_test__audit.targets_are_for_rated_metrics_in_range order by metric_id"
        ).fetchall()
    finally:
        connection.close()
    assert problems == [
        ("990", "assessment_within_45wd", 150.0, "a rate's target is a percentage, from 0 to 100"),
        ("991", "icpc_to_cp_plan", 95.0, "the band must run from band_low up to band_high, with the target inside it"),
        (None, "no_such_metric", 50.0, "not a metric of an improvement area with a judgement (see metric_catalogue)"),
        (None, "re_referral_12m", 20.0, "this metric is judged one way: leave band_low and band_high empty"),
        ("990", "s47_to_icpc", 30.0, "this metric is judged against a band: give band_low and band_high"),
    ]


def test_docs_table_of_targets_is_the_seed():
    """docs/metrics.md's table of default targets and bands says what the seed says."""
    document = (DBT_PROJECT.parent / "docs" / "metrics.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `(\w+)` \| ([\d.]+)(?:%| working days) \| (?:([\d.]+)% to ([\d.]+)%)? \| ([\w ]+) \|$", document, re.M)
    documented = {metric: (float(target), low and float(low), high and float(high), basis) for metric, target, low, high, basis in table}
    seeded = {
        row["metric_id"]: (
            float(row["target"]), row["band_low"] and float(row["band_low"]),
            row["band_high"] and float(row["band_high"]), row["basis"],
        )
        for row in read_seed("metric_targets")
    }
    assert documented == seeded


def test_every_metric_judged_within_a_band_has_one():
    within_band = {entry["metric_id"] for entry in catalogue_entries() if entry["judgement"] == "within_band"}
    assert within_band == {"s47_to_icpc", "icpc_to_cp_plan", "assessment_domestic_abuse_factor", "assessment_neglect_factor"}
    for row in read_seed("metric_targets"):
        if row["metric_id"] in within_band:
            assert float(row["band_low"]) <= float(row["target"]) <= float(row["band_high"]), row["metric_id"]
        else:
            assert row["band_low"] == row["band_high"] == "", row["metric_id"]
