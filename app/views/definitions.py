"""Definitions: every measure in plain words, grouped by the letter's improvement areas; the
exact definition, with its formula and tables, behind "How this is worked out"."""

import streamlit as st

from app import authority_choice, serving_db
from app.definition_words import facts, show_how_it_is_worked_out
from app.improvement_areas import area_heading
from app.metric_picker import catalogue


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
        st.info("The list of measures is not published in the serving database yet.")
        return
    search = st.text_input("Find a measure", key="definitions_search", placeholder="e.g. assessment, neglect, homeless")
    if search:
        text = (metrics["title"] + " " + metrics["definition"] + " " + metrics.index.to_series()).str.lower()
        metrics = metrics[text.str.contains(search.lower(), regex=False)]
        st.caption(f"{len(metrics)} measure(s) match.")
    for area, in_area in metrics.groupby("improvement_area", sort=False):
        st.subheader(area_heading(int(area)), divider="gray")
        for metric_id, row in in_area.iterrows():
            st.markdown(f"##### {row['title']}")
            st.markdown(" ".join(facts(row)))
            show_how_it_is_worked_out(metric_id, row)


render()
