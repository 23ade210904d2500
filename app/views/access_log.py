"""Access log: every view and download of case-level rows, for auditors (app.access_log)."""

import datetime as dt

import pandas as pd
import streamlit as st

from app import access_log, case_rows, sign_in
from app.downloads import offer_csv

PAGE = "Access log"
SHOWN_COLUMNS = {
    "at": "When (UTC)", "user": "Who", "role": "Role", "action": "Did", "page": "Page",
    "table": "Table", "la_code": "Authority", "filters": "Filters", "rows": "Rows",
    "file_name": "File downloaded", "session": "Session",
}


def condition_label(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    if isinstance(value, dict) and "not" in value:
        return "not " + condition_label(value["not"])
    if isinstance(value, dict) and {"from", "to"} <= set(value):
        return f"{value['from']} to {value['to']}"
    return "(empty)" if value is None else str(value)


def filters_label(filters: object) -> str:
    """`{"team": ["Team A"], "status": {"not": ["on track"]}}` as "team: Team A; status: not on track"."""
    if not isinstance(filters, dict) or not filters:
        return ""
    return "; ".join(f"{column}: {condition_label(value)}" for column, value in filters.items())


def render() -> None:
    viewer = sign_in.require_viewer()
    st.title("Access log")
    if not viewer.sees_access_log:
        st.info("The access log is shown to auditors and data engineers.")
        return
    st.caption("Every view and download of case-level rows: who, when, which page and list, the filters "
               "and how many rows. The log is kept outside the serving database, so a refresh never "
               f"erases it (`{access_log.log_path()}`).")
    records, unreadable = access_log.read()
    if unreadable:
        st.warning(f"{unreadable} line(s) of the log could not be read (left unfinished by a crash); "
                   "every other record is shown.")
    if records.empty:
        st.info("No case-level rows have been viewed or downloaded yet.")
        return
    records = records.assign(when=pd.to_datetime(records["at"], utc=True, errors="coerce"),
                             rows=pd.to_numeric(records["rows"], errors="coerce").astype("Int64"))
    pick_user, pick_action, pick_days = st.columns([3, 2, 2])
    users = pick_user.multiselect("Who", sorted(records["user"].dropna().unique()), key="access_log_users",
                                  placeholder="Everyone")
    actions = pick_action.multiselect("Did", sorted(records["action"].dropna().unique()), key="access_log_actions",
                                      placeholder="Everything")
    first, last = records["when"].min().date(), records["when"].max().date()
    days = pick_days.date_input("Between", (first, last), min_value=first, max_value=last, key="access_log_days")
    shown = records
    if users:
        shown = shown[shown["user"].isin(users)]
    if actions:
        shown = shown[shown["action"].isin(actions)]
    if isinstance(days, tuple) and len(days) == 2:
        start = pd.Timestamp(days[0], tz="UTC")
        end = pd.Timestamp(days[1] + dt.timedelta(days=1), tz="UTC")
        shown = shown[(shown["when"] >= start) & (shown["when"] < end)]
    shown = shown.sort_values("when", ascending=False).drop(columns="when")
    table = shown.assign(at=shown["at"].str.replace("T", " ").str.slice(0, 19),
                         filters=shown["filters"].map(filters_label))[list(SHOWN_COLUMNS)]
    # A sign-in has no table, rows or file: shown empty. Every column as text, so that one
    # column never mixes numbers and "" (which the table's Arrow conversion refuses).
    table = table.astype(object).where(table.notna(), "").astype(str)
    st.metric("Records", len(table))
    st.dataframe(table, hide_index=True, column_config=SHOWN_COLUMNS)
    file_name = f"access_log_{dt.date.today().isoformat()}.csv"
    offer_csv(
        table, label="Export these records (CSV)", file_name=file_name, key="access_log_export",
        access=case_rows.download_recorder(viewer, table, page=PAGE, table="access_log", la_code=None,
                                           where={"user": users, "action": actions} if users or actions else None,
                                           file_name=file_name),
    )


render()
