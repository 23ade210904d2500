"""The dbt project as a whole: the build, the metric list, contracts and personal data."""

import re

from dbt_warehouse import DBT_PROJECT, catalogue_entries, run_dbt

COHORT_MODELS = DBT_PROJECT / "models" / "metrics" / "cohorts"
# Columns that would mean a direct identifier got past the raw layer.
IDENTIFYING_COLUMN = re.compile(r"forename|surname|upn|legacy|unique_id|dob|birth|postcode|name$|_desc$|nationality")


def test_build_ran_every_node_and_all_passed(warehouse):
    results = warehouse.run_results()["results"]
    failed = [(r["unique_id"], r["status"], r.get("message")) for r in results if r["status"] not in ("success", "pass")]
    assert failed == []
    kinds = {r["unique_id"].split(".")[0] for r in results}
    assert kinds == {"model", "seed", "test", "unit_test"}


def test_every_metric_is_pinned_by_a_unit_test(warehouse):
    tested = {test["model"] for test in warehouse.manifest()["unit_tests"].values()}
    metrics = {entry["metric_id"] for entry in catalogue_entries()}
    assert metrics - tested == set(), "metrics without a dbt unit test"
    assert "metric_values" in tested


def test_every_cohort_model_is_catalogued_and_every_entry_has_a_model(warehouse):
    entries = [entry["metric_id"] for entry in catalogue_entries()]
    assert len(entries) == len(set(entries)), "a metric_id is listed twice in the catalogue"
    model_files = {path.stem for path in COHORT_MODELS.glob("*.sql")}
    assert model_files - set(entries) == set(), "cohort models missing from macro metric_catalogue_entries"
    assert set(entries) - model_files == set(), "catalogue entries without a cohort model"

    published = {row[0] for row in warehouse.query("select metric_id from marts.metric_catalogue")}
    assert published == set(entries)
    tagged = {
        node["name"] for node in warehouse.manifest()["nodes"].values()
        if node["resource_type"] == "model" and "metric" in node["tags"]
    }
    assert tagged == set(entries)


def test_catalogue_entries_are_complete():
    for entry in catalogue_entries():
        assert entry["kind"] in ("rate", "count", "median"), entry["metric_id"]
        assert entry["timing"] in ("event", "as_at"), entry["metric_id"]
        assert 0 <= entry["improvement_area"] <= 11, entry["metric_id"]
        assert entry["source_tables"] and entry["definition"] and entry["title"], entry["metric_id"]
        if entry.get("england_value") is not None:
            assert entry["england_source"] and entry["england_year"], entry["metric_id"]


def test_catalogue_slices_come_from_the_cohort_models(warehouse):
    slices = dict(warehouse.query("select metric_id, slices from marts.metric_catalogue"))
    assert slices["assessment_within_45wd"] == ["team", "disability", "age_band", "sex", "ethnicity_group"]
    assert slices["s47_to_icpc"] == ["team", "disability", "age_band", "sex", "ethnicity_group", "worker"]
    assert slices["cwd_direct_payment_review_overdue"] == []
    assert slices["homeless_presentations"] == ["outcome"]


def test_every_mart_is_under_an_enforced_contract(warehouse):
    marts = [
        node for node in warehouse.manifest()["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == "marts"
    ]
    assert {node["name"] for node in marts} >= {
        "metric_values", "metric_catalogue", "worklist_open_assessments", "worklist_s47_without_icpc",
        "worklist_cwd_not_assessed", "worklist_oversight_overdue", "worklist_homeless_without_s20_advice",
        "improvement_tracker", "improvement_tracker_history",
    }
    for node in marts:
        assert node["contract"]["enforced"], node["name"]
        assert all(column.get("data_type") for column in node["columns"].values()), node["name"]


def test_no_direct_identifier_past_the_raw_layer(warehouse):
    columns = warehouse.query(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema in ('staging', 'intermediate', 'metrics', 'marts')"
    )
    leaks = [
        c for c in columns
        if IDENTIFYING_COLUMN.search(c[2]) and c[2] not in ("team_name", "parent_team_name", "holiday_name", "table_name")
    ]
    assert leaks == []
    # The dates of birth are read by an ephemeral model only: no table or view holds them.
    relations = {row[0] for row in warehouse.query("select table_name from information_schema.tables")}
    assert "stg_birth_dates" not in relations


def test_docs_site_generates(warehouse, tmp_path):
    result = run_dbt(["docs", "generate"], warehouse.path, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:]
    assert (tmp_path / "target" / "index.html").exists()
    assert (tmp_path / "target" / "catalog.json").exists()
