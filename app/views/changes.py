"""Changes after the fact: records a later snapshot changed so that a reported number moved.

For auditors first: how many such changes touch each month's figures, per team; the monthly
values they moved and by how much; and (for those whose role shows cases) the records behind
them, each with the files and rows of both deliveries and its whole history of changes.
"""

import pandas as pd
import streamlit as st

from app import authority_choice, case_rows, record_trace, serving_db, sign_in
from app.display_format import table_column_config

PAGE = "Changes after the fact"
FINDINGS_TABLE = "changes_after_the_fact"
FINDING_COLUMNS = [
    "finding", "family", "record_id", "person_id", "team", "changed_column", "old_value", "new_value",
    "period_start", "new_period_start", "from_extract_date", "to_extract_date", "from_source_file",
    "from_source_row", "to_source_file", "to_source_row",
]


def show_counts(la_code: str) -> None:
    counts = serving_db.changes_after_the_fact_counts(la_code)
    st.subheader("Changes that moved a reported number, by month and team")
    if counts.empty:
        st.success("No later snapshot has changed a record of a month already reported.")
        return
    st.dataframe(counts, hide_index=True, column_config=table_column_config(
        counts, {"period_start": "Month", "finding": "What changed", "changes": "Records"}))


def show_moves(la_code: str) -> None:
    moves = serving_db.metric_value_moves(la_code)
    if moves.empty:
        return
    st.subheader("The monthly figures those changes moved")
    st.caption("Each month's figure for the whole authority now, and what it would be without "
               "the changes: the cases that left or joined the month, and whether they met the "
               "timescale before and after.")
    st.dataframe(moves, hide_index=True, column_config=table_column_config(moves, {
        "period_start": "Month", "value_before": "Before the changes (%)", "value_now": "Now (%)"}))


def show_records(la_code: str) -> None:
    viewer = sign_in.require_viewer()
    if not viewer.sees_case_rows:
        st.caption("The records behind these counts are shown to managers (of their teams), "
                   "auditors and data engineers.")
        return
    rows = case_rows.case_rows(
        viewer, FINDINGS_TABLE, la_code, page=PAGE, columns=FINDING_COLUMNS,
        order_by=["to_extract_date", "finding", "record_id"],
    )
    if rows.empty:
        return
    st.subheader("The records behind them")
    st.dataframe(rows, hide_index=True, column_config=table_column_config(rows, {
        "changed_column": "What changed", "old_value": "Before", "new_value": "After"}))
    st.caption("Each record names the file and row of both deliveries. Viewing these rows is "
               "recorded in the access log.")
    show_history(viewer, la_code, rows)


def show_history(viewer, la_code: str, rows: pd.DataFrame) -> None:
    """One record's every change across the snapshots."""
    records = rows[["family", "record_id"]].drop_duplicates()
    chosen = st.selectbox(
        "Trace a record across the snapshots", list(range(len(records))), key=f"changes_record_{la_code}",
        format_func=lambda i: f"{records['family'].iloc[i]} {records['record_id'].iloc[i]}",
    )
    record_trace.render(viewer, la_code, records["family"].iloc[chosen], records["record_id"].iloc[chosen],
                        page=PAGE)


def render() -> None:
    st.title(PAGE)
    if not serving_db.database_exists():
        authority_choice.show_no_data()
        return
    la_code = authority_choice.require()
    st.caption("Each snapshot is compared with the one before it. Listed here are the changes "
               "that move a number already reported: a date moved so that a timescale is now "
               "met (or no longer), an outcome changed, or a record deleted, after its month "
               "had closed.")
    show_counts(la_code)
    show_moves(la_code)
    show_records(la_code)


render()
