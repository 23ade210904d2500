"""Writes the per-metric text of docs/metrics.md ("The catalogue") from the metrics' YAML.

Each metric is defined once, in models/metrics/cohorts/<metric_id>.yml: its definition is the
model's description, its catalogue entry the model's config.meta. This script writes them into
docs/metrics.md between the two marker lines, grouped by improvement area (seed
improvement_areas) in catalogue order (macro metric_ids). Run it after editing a metric's YAML;
tests/dbt fails while the docs differ from what it writes.

    python dbt_project/scripts/metric_docs.py
"""

from __future__ import annotations

import csv
import re
import textwrap
from pathlib import Path

import yaml

DBT_PROJECT = Path(__file__).resolve().parents[1]
COHORT_MODELS = DBT_PROJECT / "models" / "metrics" / "cohorts"
CATALOGUE_MACRO = DBT_PROJECT / "macros" / "metric_catalogue.sql"
AREAS_SEED = DBT_PROJECT / "seeds" / "improvement_areas.csv"
METRICS_DOC = DBT_PROJECT.parent / "docs" / "metrics.md"
# The delivery formats' descriptions: what each kind of delivery and each of its tables is called.
FORMATS = DBT_PROJECT.parent / "orchestration" / "formats"

BEGIN = "<!-- BEGIN metric catalogue: written by dbt_project/scripts/metric_docs.py from models/metrics/cohorts/*.yml; edit those -->"
END = "<!-- END metric catalogue -->"
CONTEXT_HEADING = "0. Context volumes, which belong to no area."
WIDTH = 100

JUDGEMENT_WORDS = {
    "higher_is_better": "higher is better",
    "lower_is_better": "lower is better",
    "within_band": "judged within a band",
    "none": "a volume, not judged",
}
TIMING_WORDS = {"event": "event", "as_at": "as-at"}


def metric_ids() -> list[str]:
    """The ids of macro metric_ids(), in catalogue order."""
    text = CATALOGUE_MACRO.read_text(encoding="utf-8")
    block = re.search(r"{% macro metric_ids\(\) %}(.*?){% endmacro %}", text, re.S)
    if not block:
        raise ValueError(f"{CATALOGUE_MACRO} has no macro metric_ids()")
    return re.findall(r"'(\w+)'", block.group(1))


def metric_entries() -> list[dict]:
    """Each metric's YAML as one entry: metric_id, description and every config.meta key, in
    catalogue order."""
    entries = []
    for metric_id in metric_ids():
        path = COHORT_MODELS / f"{metric_id}.yml"
        properties = yaml.safe_load(path.read_text(encoding="utf-8"))
        (model,) = [m for m in properties["models"] if m["name"] == metric_id]
        entries.append({"metric_id": metric_id, "description": model["description"], **model["config"]["meta"]})
    return entries


def delivery_titles() -> dict[str, tuple[str, dict[str, str]]]:
    """Each kind of delivery's title and its tables' names in words ("List 4" for a workbook's
    list, the file for a CSV table), from the format descriptions."""
    titles = {}
    for path in sorted(FORMATS.glob("*.yaml")):
        description = yaml.safe_load(path.read_text(encoding="utf-8"))
        tables = {
            table["name"]: f"List {table['list']}" if "list" in table
            else table["title"] if "element" in table else f"`{table['name']}`"
            for table in description.get("tables", [])
        }
        titles[description["format"]] = (description["title"], tables)
    return titles


def kinds_text(kinds: dict[str, list[str]]) -> str:
    """'from an SSD extract (`ssd_cin_assessments`) or an Annex A workbook (List 4)'."""
    titles = delivery_titles()
    parts = []
    for kind, tables in kinds.items():
        title, table_titles = titles[kind]
        parts.append(f"{title}s ({', '.join(table_titles[table] for table in tables)})")
    return "from " + " or ".join(parts)


def value_text(value: float, unit: str) -> str:
    number = f"{value:g}"
    return f"{number}%" if unit == "percent" else f"{number} {unit}"


def facts_text(entry: dict) -> str:
    """'rate, event, higher is better; England 2024-25: 85.7%; from SSD extracts
    (`ssd_cin_assessments`) or Annex A workbooks (List 4)'."""
    facts = [f"{entry['kind']}, {TIMING_WORDS[entry['timing']]}, {JUDGEMENT_WORDS[entry['judgement']]}"]
    if entry.get("judged_slice"):
        judged = entry["judged_slice"]
        facts.append(f"judged on {judged['label']} (`{judged['dimension']}` = `{judged['value']}`)")
    if entry.get("look_back_months"):
        facts.append(f"looks back {entry['look_back_months']} months")
    if entry.get("warm_up_months"):
        facts.append(f"warm-up {entry['warm_up_months']} months")
    if entry.get("england"):
        england = entry["england"]
        facts.append(f"England {england['year']}: {value_text(england['value'], entry['unit'])}")
    facts.append(kinds_text(entry["kinds"]))
    if entry.get("source_columns"):
        columns = ", ".join(f"`{column.split('.', 1)[1]}`" for column in entry["source_columns"])
        facts.append(f"not available when a delivery stops sending {columns}")
    facts.append(f"cases in `{entry['cases']['table']}` by `{entry['cases']['placed_by']}`")
    return "; ".join(facts)


def metric_paragraph(entry: dict) -> str:
    text = f"**`{entry['metric_id']}`**: {entry['title']} ({facts_text(entry)}). {entry['description']}"
    return textwrap.fill(" ".join(text.split()), WIDTH, break_long_words=False, break_on_hyphens=False)


def area_headings() -> dict[int, str]:
    with AREAS_SEED.open(encoding="utf-8", newline="") as handle:
        headings = {int(row["improvement_area"]): f"{row['improvement_area']}. {row['area_title']}" for row in csv.DictReader(handle)}
    return {**headings, 0: CONTEXT_HEADING}


def catalogue_markdown() -> str:
    """The text between the markers (markers included)."""
    headings = area_headings()
    entries = metric_entries()
    areas = sorted({entry["improvement_area"] for entry in entries}, key=lambda area: (area == 0, area))
    parts = [BEGIN]
    for area in areas:
        parts.append(f"### {headings[area]}")
        parts += [metric_paragraph(entry) for entry in entries if entry["improvement_area"] == area]
    parts.append(END)
    return "\n\n".join(parts)


def document_with_catalogue(document: str) -> str:
    """docs/metrics.md with the text between its markers written anew."""
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if len(pattern.findall(document)) != 1:
        raise ValueError(f"{METRICS_DOC} must hold the marker lines {BEGIN!r} and {END!r} once each")
    return pattern.sub(lambda _: catalogue_markdown(), document)


def main() -> None:
    METRICS_DOC.write_text(document_with_catalogue(METRICS_DOC.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the catalogue of {METRICS_DOC}")


if __name__ == "__main__":
    main()
