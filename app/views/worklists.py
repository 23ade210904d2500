"""Work lists: the cases a manager can act on today, by team, with the case-system ids.

Each list opens on what is live on the extract date (the assessments due or overdue, the
enquiries still running, the children open now, the presentations of the last 3 months); one
control shows the whole list, history included. Codes are words, empty cells are a dash, and
the columns fit a laptop screen.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app import authority_choice, availability, case_rows, serving_db, sign_in
from app.case_rows import Between, Excluding
from app.display_format import MISSING, date_label, yes_no_and_words
from app.downloads import offer_csv
from app.roles import Viewer

PAGE = "Work lists"
FULL_LIST_KEY = "worklist_full_history"
# Open assessments comfortably inside the timescale are shown with the full list only.
ON_TRACK = "on track"

# Headings and widths (pixels) for ten columns inside a 1366-pixel laptop screen, sidebar open.
ID, DATE, NUMBER, TEAM = 78, 92, 70, 200
COLUMNS = {
    "person_id": ("Child", ID, "The child's case-system id."),
    "assessment_id": ("Assessment", ID, None),
    "s47_enquiry_id": ("S47 enquiry", ID, None),
    "presentation_id": ("Presentation", ID + 10, None),
    "team": ("Team", TEAM, None),
    "worker_id": ("Worker", ID - 5, None),
    "age_band": ("Age", 60, "The child's age band."),
    "start_date": ("Started", DATE, None),
    "end_date": ("Ended", DATE, "Empty while the enquiry is running."),
    "due_date": ("Due", DATE, "The 45th working day after the start."),
    "conference_due_date": ("Conference due", DATE + 20, "The 15th working day after the enquiry started."),
    "working_days_elapsed": ("Days so far", NUMBER, "Working days since the start."),
    "working_days_left": ("Days left", NUMBER, "Working days left of the 45; negative when overdue."),
    "working_days_since_start": ("Days since start", NUMBER + 20, "Working days since the enquiry started."),
    "status": ("Status", 80, None),
    "disabled": ("Disabled", NUMBER, None),
    "last_assessment_date": ("Last assessed", DATE, "Empty: never assessed."),
    "days_since_last_assessment": ("Days since", NUMBER, "Calendar days since the last assessment was authorised."),
    "reassessment_due_date": ("Was due by", DATE, "The last day the last assessment was within 12 months."),
    "last_oversight_date": ("Last oversight", DATE + 10, "Empty: no oversight note at all."),
    "working_days_since_oversight": ("Days since", NUMBER, "Working days since the last oversight note."),
    "oversight_due_date": ("Was due by", DATE, "The 20th working day after the last oversight note."),
    "presentation_date": ("Presented", DATE, None),
    "outcome": ("Outcome", TEAM, None),
}


@dataclass(frozen=True)
class WorkList:
    table: str
    title: str
    question: str
    columns: tuple[str, ...]
    sort_by: str
    most_urgent_first: bool
    # What is live on the extract date (conditions of the read), and that in words.
    live: Callable[[pd.Timestamp], dict[str, object]]
    live_words: str


def _everything(extract_date: pd.Timestamp) -> dict[str, object]:
    return {}


def _last_three_months(extract_date: pd.Timestamp) -> dict[str, object]:
    start = (extract_date - pd.DateOffset(months=3) + pd.Timedelta(days=1)).date()
    return {"presentation_date": Between(start, extract_date.date())}


WORK_LISTS = (
    WorkList(
        "worklist_open_assessments", "Due/overdue assessments",
        "Which open assessments are past 45 working days, or within 10 of it?",
        ("person_id", "assessment_id", "team", "worker_id", "age_band", "start_date", "due_date",
         "working_days_left", "status", "disabled"),
        "working_days_left", False,
        lambda extract_date: {"status": Excluding([ON_TRACK])},
        "Shown: the open assessments overdue or due within 10 working days.",
    ),
    WorkList(
        "worklist_s47_without_icpc", "S47s with no ICPC",
        "Which section 47 enquiries started more than 15 working days ago with no initial conference "
        "and no decision of no further action?",
        ("person_id", "s47_enquiry_id", "team", "worker_id", "age_band", "start_date", "conference_due_date",
         "working_days_since_start", "end_date"),
        "working_days_since_start", True,
        lambda extract_date: {"end_date": None},
        "Shown: the enquiries still running.",
    ),
    WorkList(
        "worklist_cwd_not_assessed", "Disabled, not assessed",
        "Which open disabled children have had no assessment authorised in the last 12 months?",
        ("person_id", "team", "age_band", "last_assessment_date", "reassessment_due_date", "days_since_last_assessment"),
        "days_since_last_assessment", True,
        _everything,
        "Shown: the disabled children open on the extract date.",
    ),
    WorkList(
        "worklist_oversight_overdue", "No recent oversight",
        "Which open children have had no management oversight or supervision note in 20 working days?",
        ("person_id", "team", "age_band", "last_oversight_date", "oversight_due_date", "working_days_since_oversight"),
        "working_days_since_oversight", True,
        _everything,
        "Shown: the children open on the extract date.",
    ),
    WorkList(
        "worklist_homeless_without_s20_advice", "Homeless, no s20 advice",
        "Which 16- and 17-year-olds who presented as homeless have no record of being told of their "
        "right to be looked after (section 20)?",
        ("person_id", "presentation_id", "team", "age_band", "presentation_date", "outcome", "assessment_id"),
        "presentation_date", False,
        _last_three_months,
        "Shown: the presentations of the last 3 months.",
    ),
)
FULL_WORDS = {
    "worklist_open_assessments": "Shown: every open assessment, those on track too.",
    "worklist_s47_without_icpc": "Shown: the enquiries still running, and those ended in the last 20 working days "
                                 "with no conference (a decision may still be pending).",
    "worklist_homeless_without_s20_advice": "Shown: every presentation of the history.",
}


def conditions(work_list: WorkList, teams: list[str], full: bool, extract_date: pd.Timestamp) -> dict[str, object]:
    """What the reader asked for, as conditions of the read (so the access log records them)."""
    where: dict[str, object] = {"team": teams} if teams else {}
    if not full:
        where.update(work_list.live(extract_date))
    return where


def urgent_first(rows: pd.DataFrame, work_list: WorkList) -> pd.DataFrame:
    """Most urgent first; a case with no date at all (never assessed, never overseen) leads."""
    return rows.sort_values(
        work_list.sort_by, ascending=not work_list.most_urgent_first,
        na_position="first" if work_list.most_urgent_first else "last",
    )


def column_config(columns: list[str]) -> dict:
    config = {}
    for name in columns:
        label, width, help_text = COLUMNS.get(name, (name.replace("_", " ").capitalize(), ID, None))
        if name.endswith("_date"):
            config[name] = st.column_config.DateColumn(label, format="D MMM YYYY", width=width, help=help_text)
        elif name.startswith(("working_days", "days_")):
            config[name] = st.column_config.NumberColumn(label, width=width, help=help_text)
        else:
            config[name] = st.column_config.TextColumn(label, width=width, help=help_text)
    return config


def for_people(rows: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The rows as the page shows them: codes and flags as words; dates stay dates."""
    shown = rows[columns].copy()
    words = [c for c in columns if not c.endswith("_date") and not c.startswith(("working_days", "days_"))]
    shown[words] = yes_no_and_words(shown[words])
    return shown


def show_list(work_list: WorkList, rows: pd.DataFrame, viewer: Viewer, la_code: str,
              where: dict[str, object], full: bool, not_available: str | None) -> None:
    st.markdown(f"**{work_list.question}**")
    if not_available:
        st.warning(not_available, icon=":material/block:")
        return
    st.caption(FULL_WORDS.get(work_list.table, work_list.live_words) if full else work_list.live_words)
    if rows.empty:
        st.success("No cases on this list.")
        return
    columns = [c for c in work_list.columns if c in rows.columns]
    st.dataframe(
        for_people(rows, columns),
        hide_index=True,
        placeholder=MISSING,
        column_config=column_config(columns),
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
    extract_date = pd.Timestamp(authority_choice.snapshot_date(la_code))
    st.title("Work lists")
    scope = ("Every team's cases." if viewer.sees_every_case else
             f"The cases of your teams: {', '.join(sorted(viewer.teams_in(la_code))) or 'none in this authority'}.")
    st.caption(f"LA {la_code}, as at the extract date {date_label(extract_date)}. "
               f"{scope} Children are shown by their case-system id, never by name. Click a column "
               "heading to sort. Every view and download of these lists is recorded in the access log.")
    published = [w for w in WORK_LISTS if w.table in serving_db.table_names()]
    if not published:
        st.info("No work lists are published in the serving database yet; they appear after a refresh "
                "that builds them.")
        return
    teams = case_rows.visible_teams(viewer, [w.table for w in published], la_code)
    pick_teams, pick_full = st.columns([3, 2])
    chosen_teams = pick_teams.multiselect("Teams", teams, key="worklist_teams", placeholder="All teams")
    full = pick_full.toggle(
        "Show the full lists, history included", key=FULL_LIST_KEY,
        help="Each list opens on what is live on the extract date; this shows everything on it: "
             "assessments on track, enquiries ended recently, presentations of every year.",
    )
    wheres = {w.table: conditions(w, chosen_teams, full, extract_date) for w in published}
    shown = {
        w.table: urgent_first(case_rows.case_rows(viewer, w.table, la_code, page=PAGE, where=wheres[w.table]), w)
        for w in published
    }

    # A list the authority's deliveries cannot give has no rows: "not available", never 0.
    not_available = availability.unavailable_worklists(la_code)
    counts = st.columns(len(WORK_LISTS))
    for column, work_list in zip(counts, WORK_LISTS):
        if not_available.get(work_list.table):
            column.metric(work_list.title, "not available", help=not_available[work_list.table])
        elif work_list.table in shown:
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
                show_list(work_list, shown[work_list.table], viewer, la_code, wheres[work_list.table], full,
                          not_available.get(work_list.table))
            else:
                st.info("This list is not published in the serving database yet.")


render()
