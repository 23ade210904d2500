"""What the dbt project knows of the delivery formats, written from their descriptions.

`python -m orchestration.formats.dbt_sources` (re)writes two files of dbt_project/;
tests/orchestration/test_format_descriptions.py fails while either differs from what the
descriptions give:

- models/raw_sources.yml: the dbt source `raw`, one table per raw table of every format, with
  its kind of delivery and whether it is optional (meta);
- macros/delivery_formats.sql: macro delivery_formats(), the same facts as data for the
  macros of macros/snapshot_history.sql: each kind's window and the raw column saying where in
  its file a row was (a workbook's sheet), how each record family is dated, which families each
  kind feeds, and each raw table's kind, title (the file or list a plain-words text names) and
  the families it feeds (natural key, window date, running end) and the columns a delivery may
  leave out (optional_columns: what a metric's or work list's source_columns may name). A macro,
  not source meta, because dbt's unit tests see macros but not the sources of the graph.
"""

from __future__ import annotations

import pprint
import textwrap
from pathlib import Path
from typing import Any

import yaml

from orchestration.formats.description import Feed, FormatDescription, Window, all_formats

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
RAW_SOURCES_FILE = REPOSITORY_ROOT / "dbt_project" / "models" / "raw_sources.yml"
FORMATS_MACRO_FILE = REPOSITORY_ROOT / "dbt_project" / "macros" / "delivery_formats.sql"

# Where in its file a raw row was, beyond its row number, per kind of delivery.
LOCATION_COLUMNS = {"ssd": None, "annex_a": "source_sheet", "cin_census": "source_element"}

_HEADER = """\
# Written by `python -m orchestration.formats.dbt_sources` from orchestration/formats/*.yaml
# (the one description of each delivery format): do not edit by hand. Each raw table holds the
# valid rows of every loaded snapshot, keyed by la_code + snapshot_date; layouts are in
# docs/architecture.md. The staging models assemble each authority's history from them
# (macros/snapshot_history.sql, reading macro delivery_formats).
"""

_MACRO_HEADER = """\
{#- Written by `python -m orchestration.formats.dbt_sources` from orchestration/formats/*.yaml
    (the one description of each delivery format): do not edit by hand. What the history
    macros (snapshot_history.sql) need to know of each kind of delivery and raw table. -#}
"""


def _window(window: Window) -> dict[str, Any]:
    if window.all_time:
        return {"all_time": True}
    if window.collection_year:
        return {"collection_year": True}
    return {"months_setting": window.months_setting, "default_months": window.default_months}


def _timing(description: FormatDescription, feed: Feed) -> str:
    """How a family's records are dated: 'dated', 'running' or 'dateless' (a family whose
    records follow a parent is dated as the parent's)."""
    if feed.follows:
        return _timing(description, _parent_feed(description, feed))
    if feed.runs_until:
        return "running"
    return "dated" if feed.window_date else "dateless"


def _parent_feed(description: FormatDescription, feed: Feed) -> Feed:
    return next(
        candidate
        for table in description.tables
        for candidate in table.feeds
        if feed.follows and candidate.family == feed.follows.family
    )


def _parent_table(description: FormatDescription, feed: Feed) -> str:
    return next(
        table.name
        for table in description.tables
        if feed.follows and any(f.family == feed.follows.family for f in table.feeds)
    )


def _feed(description: FormatDescription, feed: Feed) -> dict[str, Any]:
    """A feed as the history macros read it: the columns of the natural key, and the running
    end, are on the row itself, or for a record that follows its parent on the parent's row
    (`follows`: the parent's raw table, the column naming it, and the parent's identifier)."""
    keyed = _parent_feed(description, feed) if feed.follows else feed
    described: dict[str, Any] = {
        "natural_key": list(keyed.natural_key),
        "window_date": keyed.window_date,
        "runs_until": keyed.runs_until,
        "when": feed.when,
        "follows": None,
    }
    if feed.follows:
        parent = _parent_table(description, feed)
        described["follows"] = {
            "table": parent,
            "column": feed.follows.column,
            "identifier": description.table(parent).identifier,
        }
    return described


def _tables(description: FormatDescription) -> list[dict[str, Any]]:
    return [
        {
            "name": table.name,
            "description": (
                f"{table.title}: {table.description}" if table.list_number else table.description
            )
            + (" (optional)" if table.optional else ""),
            "meta": {"kind": description.name, "optional": table.optional},
        }
        for table in description.tables
    ]


def _kinds(formats: tuple[FormatDescription, ...]) -> dict[str, Any]:
    return {
        description.name: {
            "title": description.title,
            "window": _window(description.window),
            "location_column": LOCATION_COLUMNS[description.name],
        }
        for description in formats
    }


def raw_sources_text() -> str:
    formats = all_formats()
    document = {
        "version": 2,
        "sources": [
            {
                "name": "raw",
                "schema": "raw",
                "description": "Validated delivery rows, one table per table of each delivery "
                "format, every loaded snapshot.",
                "tables": [table for description in formats for table in _tables(description)],
            }
        ],
    }
    body = yaml.safe_dump(document, sort_keys=False, width=100, allow_unicode=True)
    return _HEADER + body


def formats_macro_text() -> str:
    """The macro returns the facts as a Jinja literal (Python's literal syntax, which Jinja
    reads too), laid out for lookups, so that the history macros, which call it often, neither
    parse nor search."""
    formats = all_formats()
    families: dict[str, str] = {}
    kind_families: list[list[str]] = []
    for description in formats:
        for table in description.tables:
            for feed in table.feeds:
                families.setdefault(feed.family, _timing(description, feed))
                if [description.name, feed.family] not in kind_families:
                    kind_families.append([description.name, feed.family])
    described = {
        "kinds": _kinds(formats),
        "families": families,
        "kind_families": kind_families,
        "tables": {
            table.name: {
                "kind": description.name,
                "title": table.title,
                "feeds": {feed.family: _feed(description, feed) for feed in table.feeds},
                # The columns a delivery may leave out (never a required one: that refuses the
                # file); a metric's or work list's source_columns are among them.
                "optional_columns": [
                    c.name for c in table.columns if not c.required and c.kind != "ignored"
                ],
            }
            for description in formats
            for table in description.tables
        },
    }
    literal = pprint.pformat(described, width=100, sort_dicts=False)
    return (
        _MACRO_HEADER
        + "{% macro delivery_formats() -%}\n{{ return(\n"
        + textwrap.indent(literal, "    ")
        + "\n) }}\n{%- endmacro %}\n"
    )


GENERATED_FILES = {RAW_SOURCES_FILE: raw_sources_text, FORMATS_MACRO_FILE: formats_macro_text}


def main() -> None:
    for path, text in GENERATED_FILES.items():
        path.write_text(text(), encoding="utf-8")
        print(f"wrote {path.relative_to(REPOSITORY_ROOT)}")


if __name__ == "__main__":
    main()
