"""The lineage an auditor reads in the Dagster UI: assets by layer, described by their docs, and
each metric depending on what it reads and nothing else."""

from __future__ import annotations

import dagster as dg
import pytest
from code_location_fixtures import upstream as upstream_assets
from code_location_fixtures import warehouse_resource
from snapshot_fixtures import make_paths

from orchestration.code_location import build_definitions

LAYERS = {"landing", "raw", "staging", "intermediate", "metrics", "marts", "serving"}


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    paths = make_paths(tmp_path_factory.mktemp("lineage"))
    warehouse = warehouse_resource(paths)
    return build_definitions(warehouse=warehouse).resolve_asset_graph()


def upstream(graph, asset: str) -> set[str]:
    return upstream_assets(graph, dg.AssetKey.from_user_string(asset))


def test_every_asset_is_in_one_of_the_layers(graph):
    groups = {graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups == LAYERS
    assert graph.get(dg.AssetKey(["audit", "snapshot_loads"])).group_name == "raw"
    assert graph.get(dg.AssetKey(["seeds", "bank_holidays"])).group_name == "raw"
    assert graph.get(dg.AssetKey("streamlit_app")).group_name == "serving"


def test_a_metric_depends_on_the_tables_it_reads_and_no_other(graph):
    lineage = upstream(graph, "metrics/assessment_within_45wd")
    assert graph.get(dg.AssetKey(["metrics", "assessment_within_45wd"])).parent_keys == {
        dg.AssetKey(["intermediate", "int_assessments"])
    }
    # Assessments, their factors and the visits seen during them; the child's attributes
    # (person, disabilities, and every Annex A list that answers them) for the slices; the
    # teams' names; which snapshots there are (a census return's header gives its year), and
    # the columns each left out.
    raw_read = {
        "raw/ssd_cin_assessments",
        "raw/ssd_assessment_factors",
        "raw/ssd_cin_visits",
        "raw/ssd_person",
        "raw/ssd_disability",
        "raw/ssd_department",
        *(f"raw/annex_a_list_{n}" for n in range(1, 11)),
        "raw/cin_census_assessments",
        "raw/cin_census_children",
        "raw/cin_census_disabilities",
        "raw/cin_census_returns",
    }
    assert {key for key in lineage if key.startswith("raw/")} == raw_read
    assert {key for key in lineage if key.startswith("landing/")} == {
        "landing/snapshot_folders",
        *(key.replace("raw/", "landing/") for key in raw_read),
    }
    assert {key for key in lineage if key.startswith("audit/")} == {
        "audit/snapshot_loads",
        "audit/load_ledger",
        "audit/absent_columns",
    }
    assert {key for key in lineage if key.startswith("seeds/")} == {
        "seeds/authority_settings",
        "seeds/bank_holidays",
    }
    # Nothing about referrals, plans, conferences or the extension tables.
    assert not {"landing/ssd_cin_episodes", "landing/ssd_cp_plans", "landing/ext_case_notes"} & lineage


def test_the_audit_tables_hang_from_the_landing_folders_not_every_file(graph):
    assert graph.get(dg.AssetKey(["audit", "load_ledger"])).parent_keys == {
        dg.AssetKey(["landing", "snapshot_folders"])
    }


def test_dbt_assets_are_described_by_their_docs_without_the_sql(graph):
    description = graph.get(dg.AssetKey(["staging", "stg_assessments"])).description
    assert description == "Assessments (SSD: ssd_cin_assessments), dated by their start."
    metric = graph.get(dg.AssetKey(["metrics", "assessment_within_45wd"])).description
    assert metric.startswith("Cohort: assessments with an authorisation date in the period.")
    assert "Raw SQL" not in metric
