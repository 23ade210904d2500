"""A measure's catalogue entry in words a leader reads: what kind of figure it is, when a case
counts, which way is better, what it is compared with; and, behind a "How this is worked out"
expander, the exact definition (with its working-day formula), the extract tables it needs and
where its cases are. Codes of the catalogue (`within_band`, `as_at`, table names) are never
shown outside that expander.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from app.display_format import metric_value_label
from app.judgement import direction_words, is_missing, judgement_of

EXPANDER = "How this is worked out"
KIND_WORDS = {
    "rate": "A percentage: the share of a group of cases meeting a condition",
    "count": "A count",
    "median": "A median: the middle value of a group of cases",
}
TIMING_WORDS = {
    "event": "Each case counts in the period its date falls in",
    "as_at": "A snapshot of the cases on the period's last day (on the extract date while the period runs)",
}
BASIS_WORDS = {
    "statutory timescale": "a statutory timescale",
    "England figure": "the England figure",
    "local choice": "a local choice",
}


def _listed(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(item) for item in value]
    return [] if pd.isna(value) else [str(value)]


def facts(row: pd.Series) -> list[str]:
    """The measure in a few plain sentences, without codes."""
    kind = str(row.get("kind"))
    lines = [KIND_WORDS.get(kind, "A figure") + "."]
    timing = row.get("timing")
    if isinstance(timing, str) and timing in TIMING_WORDS:
        lines.append(TIMING_WORDS[timing] + ".")
    lines.append(direction_words(judgement_of(row), row.get("band_low"), row.get("band_high"), kind) + ".")
    target = row.get("target")
    if not is_missing(target):
        basis = BASIS_WORDS.get(row.get("target_basis"), None) if isinstance(row.get("target_basis"), str) else None
        lines.append(f"Target: {metric_value_label(target, kind)}" + (f", {basis}." if basis else "."))
    england = row.get("england_value")
    if not is_missing(england):
        year = row.get("england_year")
        lines.append(f"England{'' if is_missing(year) else ' ' + str(year)}: {metric_value_label(england, kind)}.")
    judged = row.get("judged_slice_label")
    if isinstance(judged, str) and judged:
        lines.append(f"The overview judges it on {judged}.")
    look_back = row.get("look_back_months")
    if not is_missing(look_back):
        lines.append(f"It looks back {int(look_back)} months, so it needs that much history before it can be trusted.")
    return lines


def worked_out(metric_id: str, row: pd.Series) -> str:
    """The exact definition, and what it is made from: for the expander."""
    lines = [str(row.get("definition", ""))]
    tables = _listed(row.get("source_tables"))
    if tables:
        lines.append("")
        lines.append(f"Made from the extract tables {', '.join(f'`{t}`' for t in tables)}; an authority "
                     "that does not send one of them has no figures for it.")
    warm_up = row.get("warm_up_months")
    if not is_missing(warm_up):
        lines.append("")
        lines.append(f"Its first {int(warm_up)} months after the history starts are flagged: work begun "
                     "before the history is missing from them.")
    source = row.get("england_source")
    if isinstance(source, str) and source:
        lines.append("")
        lines.append(f"England figure: {source}.")
    cases = row.get("cases_table")
    if isinstance(cases, str) and cases:
        lines.append("")
        lines.append(f"Its cases: `{cases}` (placed in a period by `{row.get('cases_placed_by')}`); "
                     f"catalogue id `{metric_id}`.")
    return "\n".join(lines)


def show_how_it_is_worked_out(metric_id: str, row: pd.Series) -> None:
    with st.expander(EXPANDER):
        st.markdown(worked_out(metric_id, row))
