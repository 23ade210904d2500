"""Work lists: the cases a manager can act on today, by team, with the case-system ids."""

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app import authority_choice, case_rows, serving_db, sign_in
from app.case_rows import Excluding
from app.display_format import date_label, table_column_config
from app.downloads import offer_csv
from app.roles import Viewer


@dataclass(frozen=True)
class WorkList:
    table: str
    title: str
    question: str
    columns: tuple[str, ...]
    sort_by: str
    most_urgent_first: bool


WORK_LISTS = (
    WorkList(
        "worklist_open_assessments", "Due/overdue assessments",
        "Which open assessments are past 45 working days, or within 10 of it?",
        ("person_id", "assessment_id", "team", "worker_id", "start_date", "working_days_elapsed",
         "working_days_left", "status", "disabled", "age_band"),
        "working_days_left", False,
    ),
    WorkList(
        "worklist_s47_without_icpc", "S47s with no ICPC",
        "Which section 47 enquiries started more than 15 working days ago with no initial conference "
        "and no decision of no further action?",
        ("person_id", "s47_enquiry_id", "team", "worker_id", "start_date", "end_date", "working_days_since_start"),
        "working_days_since_start", True,
    ),
    WorkList(
        "worklist_cwd_not_assessed", "Disabled, not assessed",
        "Which open disabled children have had no assessment authorised in the last 12 months?",
        ("person_id", "team", "last_assessment_date", "days_since_last_assessment"),
        "days_since_last_assessment", True,
    ),
    WorkList(
        "worklist_oversight_overdue", "No recent oversight",
        "Which open children have had no management oversight or supervision note in 20 working days?",
        ("person_id", "team", "last_oversight_date", "working_days_since_oversight"),
        "working_days_since_oversight", True,
    ),
    WorkList(
        "worklist_homeless_without_s20_advice", "Homeless, no s20 advice",
        "Which 16- and 17-year-olds who presented as homeless have no record of being told of their "
        "right to be looked after (section 20)?",
        ("person_id", "presentation_id", "team", "presentation_date", "outcome", "assessment_id"),
        "presentation_date", False,
    ),
)
# Open assessments comfortably inside the timescale are hidden unless asked for.
ON_TRACK = "on track"
PAGE = "Work lists"


def conditions(work_list: WorkList, teams: list[str], include_on_track: bool) -> dict[str, object]:
    """What the reader asked for, as conditions of the read (so the access log records them)."""
    where: dict[str, object] = {"team": teams} if teams else {}
    if work_list.table == "worklist_open_assessments" and not include_on_track:
        where["status"] = Excluding([ON_TRACK])
    return where


def urgent_first(rows: pd.DataFrame, work_list: WorkList) -> pd.DataFrame:
    """Most urgent first; a case with no date at all (never assessed, never overseen) leads."""
    return rows.sort_values(
        work_list.sort_by, ascending=not work_list.most_urgent_first,
        na_position="first" if work_list.most_urgent_first else "last",
    )


def show_list(work_list: WorkList, rows: pd.DataFrame, viewer: Viewer, la_code: str,
              where: dict[str, object]) -> None:
    st.markdown(f"**{work_list.question}**")
    if rows.empty:
        st.success("No cases on this list.")
        return
    columns = [c for c in work_list.columns if c in rows.columns]
    st.dataframe(
        rows[columns],
        hide_index=True,
        column_config=table_column_config(rows[columns]),
    )
    downloaded = rows[["la_code", "as_at_date", *columns]]
    file_name = f"{work_list.table}_{la_code}.csv"
    offer_csv(
        downloaded, label="Download this list (CSV)", file_name=file_name,
        key=f"download_{work_list.table}",
        access=case_rows.download_recorder(viewer, downloaded, page=PAGE, table=work_list.table,
                                           la_code=la_code, where=where, file_name=file_name),
    )


def render() -> None:
    viewer = sign_in.require_viewer()
    la_code = authority_choice.require()
    st.title("Work lists")
    scope = ("Every team's cases." if viewer.sees_every_case else
             f"The cases of your teams: {', '.join(sorted(viewer.teams_in(la_code))) or 'none in this authority'}.")
    st.caption(f"LA {la_code}, as at the extract date {date_label(authority_choice.snapshot_date(la_code))}. "
               f"{scope} Children are shown by their case-system id, never by name. Click a column "
               "heading to sort. Every view and download of these lists is recorded in the access log.")
    published = [w for w in WORK_LISTS if w.table in serving_db.table_names()]
    if not published:
        st.info("No work lists are published in the serving database yet; they appear after a refresh "
                "that builds them.")
        return
    teams = case_rows.visible_teams(viewer, [w.table for w in published], la_code)
    pick_teams, pick_on_track = st.columns([3, 2])
    chosen_teams = pick_teams.multiselect("Teams", teams, key="worklist_teams", placeholder="All teams")
    include_on_track = pick_on_track.checkbox(
        "Include assessments on track", key="worklist_on_track",
        help="Open assessments more than 10 working days from the 45-day timescale.",
    )
    wheres = {w.table: conditions(w, chosen_teams, include_on_track) for w in published}
    shown = {
        w.table: urgent_first(case_rows.case_rows(viewer, w.table, la_code, page=PAGE, where=wheres[w.table]), w)
        for w in published
    }

    counts = st.columns(len(WORK_LISTS))
    for column, work_list in zip(counts, WORK_LISTS):
        if work_list.table in shown:
            column.metric(work_list.title, len(shown[work_list.table]), help=work_list.question)
        else:
            column.metric(work_list.title, "not published")
    assessments = shown.get("worklist_open_assessments")
    if assessments is not None and not assessments.empty:
        overdue = int((assessments["status"] == "overdue").sum())
        due_soon = int((assessments["status"] == "due soon").sum())
        st.caption(f"Assessments: {overdue} overdue, {due_soon} due within 10 working days.")

    tabs = st.tabs([w.title for w in WORK_LISTS])
    for tab, work_list in zip(tabs, WORK_LISTS):
        with tab:
            if work_list.table in shown:
                show_list(work_list, shown[work_list.table], viewer, la_code, wheres[work_list.table])
            else:
                st.info("This list is not published in the serving database yet.")


render()
