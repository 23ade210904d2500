"""Definitions: every measure in plain words, grouped by the letter's improvement areas."""

import numpy as np
import pandas as pd
import streamlit as st

from app import authority_choice, serving_db
from app.display_format import direction_label, humanise, metric_value_label
from app.improvement_areas import area_heading
from app.metric_picker import CATALOGUE_COLUMNS, catalogue

KIND_WORDS = {
    "rate": "Rate: the share of a cohort meeting a condition",
    "count": "Count",
    "median": "Median: the middle value of a cohort",
}


def reference(value: object, kind: str, missing: str) -> str:
    return missing if value is None or pd.isna(value) else metric_value_label(value, kind)


def extra_fact(value: object) -> str:
    """A catalogue column the app does not know, in words: lists joined, empty left out."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(str(item) for item in value)
    return "" if pd.isna(value) else str(value)


def describe(metric_id: str, row: pd.Series, extra_columns: list[str]) -> str:
    """One measure as markdown: title, what kind it is, references, definition, extra facts."""
    kind = row["kind"]
    lines = [
        f"##### {row['title']}",
        f"`{metric_id}` · {KIND_WORDS.get(kind, humanise(str(kind)))} · unit: {row['unit']} · "
        f"{direction_label(row['higher_is_better'])}",
        "",
        f"**Target:** {reference(row['target'], kind, 'none set')} · "
        f"**England:** {reference(row['england_value'], kind, 'not published')}"
        + "".join(f" · **{humanise(c)}:** {fact}" for c in extra_columns if (fact := extra_fact(row[c]))),
    ]
    lines += ["", str(row["definition"])]
    return "\n".join(lines)


def render() -> None:
    st.title("Definitions")
    st.caption("What each measure counts, in plain words, grouped by the areas the focused visit "
               "letter said need to improve. Working days are Monday to Friday except bank holidays; "
               "figures use each authority's latest extract.")
    if not serving_db.database_exists():
        authority_choice.show_no_data()
        return
    metrics = catalogue()
    if metrics.empty:
        st.info("The metric catalogue is not published in the serving database yet.")
        return
    search = st.text_input("Find a measure", key="definitions_search", placeholder="e.g. assessment, neglect, homeless")
    if search:
        text = (metrics["title"] + " " + metrics["definition"] + " " + metrics.index.to_series()).str.lower()
        metrics = metrics[text.str.contains(search.lower(), regex=False)]
        st.caption(f"{len(metrics)} measure(s) match.")
    extra_columns = [c for c in metrics.columns if c not in CATALOGUE_COLUMNS]
    for area, in_area in metrics.groupby("improvement_area", sort=False):
        st.subheader(area_heading(int(area)), divider="gray")
        for metric_id, row in in_area.iterrows():
            st.markdown(describe(metric_id, row, extra_columns))


render()
