"""A record traced: the snapshot, file and row it was loaded from, and its changes across the
snapshots (the published record_changes), for any case row a page shows.

Read through app.case_rows, so the viewer's role applies and the read is recorded.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import case_rows, serving_db
from app.display_format import table_column_config
from app.roles import Viewer

HISTORY_TABLE = "record_changes"
HISTORY_COLUMNS = ["from_extract_date", "to_extract_date", "change", "changed_column", "old_value", "new_value",
                   "from_source_file", "from_source_row", "to_source_file", "to_source_row"]
# The record family and id column of each table of case rows behind a number.
FAMILY_OF_TABLE = {
    "assessment_details": ("assessments", "assessment_id"),
    "open_assessment_details": ("assessments", "assessment_id"),
    "referral_details": ("referrals", "referral_id"),
    "repeat_referral_details": ("referrals", "referral_id"),
    "s47_enquiry_details": ("s47_enquiries", "s47_enquiry_id"),
    "icpc_details": ("icpcs", "icpc_id"),
    "strategy_discussion_details": ("strategy_discussions", "strategy_discussion_id"),
    "prevent_referral_details": ("prevent_referrals", "prevent_referral_id"),
    "homeless_presentation_details": ("homeless_presentations", "presentation_id"),
    "case_audit_details": ("case_audits", "audit_id"),
    "direct_payment_details": ("direct_payments", "direct_payment_id"),
}


def loaded_from(row: pd.Series) -> str:
    """Where a record was delivered, in words: its file, sheet and row, and the snapshot."""
    source = row.get("source_file")
    if not isinstance(source, str) or not source:
        return "Where this record was delivered is not published for this table."
    la_code, extract_date, _ = (source.split("/", 2) + ["", ""])[:3]
    place = f"row {int(row['source_row'])}" if pd.notna(row.get("source_row")) else "its file"
    sheet = row.get("source_location")
    if isinstance(sheet, str) and sheet:
        place = f"sheet {sheet}, {place}"
    load = serving_db.snapshot_load(la_code, extract_date)
    snapshot = f"the snapshot of LA {la_code} of {extract_date}"
    if not load.empty:
        snapshot += f" (load {load['load_id'].iloc[0]})"
    return f"Loaded from {source}, {place}, in {snapshot}."


def render(viewer: Viewer | None, la_code: str, family: str, record_id: str, *, page: str,
           row: pd.Series | None = None) -> None:
    """The trace of one record: where it came from (given its case row), then its changes."""
    if row is not None:
        st.caption(loaded_from(row))
    if not serving_db.has_table(HISTORY_TABLE):
        return
    history = case_rows.case_rows(
        viewer, HISTORY_TABLE, la_code, page=page, where={"family": family, "record_id": record_id},
        columns=HISTORY_COLUMNS, order_by=["to_extract_date", "changed_column"],
    )
    if history.empty:
        st.caption("No change across the snapshots: each one that held this record gave the same "
                   "dates and codes.")
        return
    st.dataframe(history, hide_index=True, column_config=table_column_config(history, {
        "change": "Change", "changed_column": "Column", "old_value": "Before", "new_value": "After"}))
