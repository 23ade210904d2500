"""docs/metrics.md says of each metric what its YAML says: the per-metric text is written from
models/metrics/cohorts/<metric_id>.yml by dbt_project/scripts/metric_docs.py."""

import re

from dbt_warehouse import METRIC_DOCS_SCRIPT, catalogue_entries, load_dbt_script

STANDARD_SLICES = {
    "rate": ["team", "disability", "age_band", "sex", "ethnicity_group"],
    "median": ["team", "disability", "age_band", "sex", "ethnicity_group"],
    "count": ["team", "disability"],
}
# "Slices: `team` only.", "Extra slice: `worker`.", "No slices (`all` only)."
SLICE_SENTENCE = re.compile(r"(Slices|Extra slices?): ((?:`\w+`(?:, )?)+)|No slices \(`all` only\)")


def test_docs_hold_what_the_yaml_says():
    script = load_dbt_script(METRIC_DOCS_SCRIPT)
    document = script.METRICS_DOC.read_text(encoding="utf-8")
    assert document == script.document_with_catalogue(document), (
        "docs/metrics.md differs from the metrics' YAML: run python dbt_project/scripts/metric_docs.py"
    )
    words = " ".join(document.split())
    for entry in catalogue_entries():
        assert f"**`{entry['metric_id']}`**: {entry['title']} (" in words, entry["metric_id"]
        assert " ".join(entry["description"].split()) in words, entry["metric_id"]


def stated_slices(description: str, kind: str) -> list[str]:
    """The slices a definition states, or the standard ones of its kind when it states none."""
    match = SLICE_SENTENCE.search(description)
    if match is None:
        return STANDARD_SLICES[kind]
    if match.group(1) is None:
        return []
    named = re.findall(r"`(\w+)`", match.group(2))
    return STANDARD_SLICES[kind] + named if match.group(1).startswith("Extra") else named


def test_each_definition_states_the_slices_its_cohort_model_has(warehouse):
    built = dict(warehouse.query("select metric_id, slices from marts.metric_catalogue"))
    for entry in catalogue_entries():
        stated = stated_slices(entry["description"], entry["kind"])
        assert sorted(stated) == sorted(built[entry["metric_id"]]), entry["metric_id"]
