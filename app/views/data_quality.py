"""Data quality: what the held-back rows mean for the figures, whether each delivery is a fresh
export, what each load brought in, what it held back, and why."""

import pandas as pd
import streamlit as st

from app import authority_choice, case_rows, serving_db, sign_in
from app.display_format import MISSING, date_label, table_column_config, timestamp_label, yes_no_and_words
from app.metric_picker import catalogue
from app.quarantine_words import consequences

PAGE = "Data quality"
# The kinds of record held back said first; the rest wait behind an expander.
MOST_SAID = 4
# A workbook's rows also name their sheet and the column's heading there, a CIN census return's
# records their element path (shown when published).
QUARANTINE_COLUMNS = ["source_file", "source_sheet", "source_element", "source_row", "record_id", "column_name",
                      "heading", "value", "rule", "record"]
WORKBOOK_COLUMNS = {"source_sheet", "heading", "source_element"}
VALUE_NOTE_COLUMNS = ["source_file", "source_sheet", "source_element", "source_row", "record_id", "column_name",
                      "heading", "value", "rule"]


def load_label(load: pd.Series) -> str:
    return (f"LA {load['la_code']}, extract {date_label(load['snapshot_date'])} "
            f"({load['status']} {timestamp_label(load['finished_at'])})")


def current_load(loads: pd.DataFrame, la_code: str | None) -> pd.Series | None:
    """The load of the chosen authority's current snapshot (None when it has none)."""
    if la_code is None:
        return None
    snapshot = authority_choice.snapshot_date(la_code)
    current = loads[(loads["la_code"] == la_code) & (loads["snapshot_date"] == snapshot) & (loads["status"] == "loaded")]
    return None if current.empty else current.iloc[0]


def default_load(loads: pd.DataFrame, la_code: str | None) -> int:
    """Position of the chosen authority's current load, else of the newest load."""
    current = current_load(loads, la_code)
    return 0 if current is None else loads.index.get_loc(current.name)


NOTICE_HEADINGS = {"waiting": "Delivery not complete", "link": "Not loaded", "misnamed": "Not loaded"}


def show_landing_notices() -> None:
    notices = serving_db.landing_notices()
    if notices.empty:
        return
    st.subheader("Deliveries in the landing folder that are not loaded")
    st.caption("What the last refresh found in the landing folder and could not load. The "
               "authorities keep their previous figures until it is put right.")
    for _, notice in notices.iterrows():
        st.warning(f"{NOTICE_HEADINGS.get(notice['kind'], 'Not loaded')}: {notice['message']}")


def show_loads(loads: pd.DataFrame) -> None:
    st.subheader("Snapshot loads")
    st.caption("Every attempt to load an authority's extract. A rejected snapshot changes nothing: "
               "the authority keeps its previous figures until a good extract arrives. A snapshot "
               "held for review is loaded for checking, not used.")
    rejected = loads[loads["status"] == "rejected"]
    for _, load in rejected.iterrows():
        st.warning(f"Rejected: LA {load['la_code']}, extract {date_label(load['snapshot_date'])}. {load['message']}")
    shown = loads[["la_code", "snapshot_date", "status", "message", "files", "rows_read", "rows_loaded",
                   "rows_quarantined", "finished_at"]]
    st.dataframe(yes_no_and_words(shown), hide_index=True, placeholder=MISSING,
                 column_config=table_column_config(shown, {"message": "Why rejected", "files": "Files", "status": "Status"}))


def show_held(loads: pd.DataFrame) -> None:
    """Deliveries held for review (loaded for checking, not used) and those accepted since:
    what, why, and how an operator uses one."""
    held = loads[loads["status"] == "held"]
    in_use = dict(serving_db.authorities()[["la_code", "snapshot_date"]].values.tolist()) if not held.empty else {}
    for _, load in held.iterrows():
        label = f"{load['la_code']}/{pd.Timestamp(load['snapshot_date']).date().isoformat()}"
        figures = in_use.get(load["la_code"])
        still = (f"the figures are still those of the extract of {date_label(figures)}" if figures is not None
                 else "the authority has no figures until a delivery is in use")
        st.error(
            f"Held for review: LA {load['la_code']}, extract {date_label(load['snapshot_date'])}. "
            f"{str(load['message']).rstrip('.')}. It is loaded for checking but not used: {still}. Once it "
            f"has been checked, an operator can use it with `make refresh ACCEPT={label}` (or the "
            f"refresh job's run config `accept_held: [{label}]`).",
            icon=":material/pause_circle:",
        )
    for _, accepted in serving_db.held_acceptances().iterrows():
        st.info(
            f"Accepted after review: LA {accepted['la_code']}, extract {date_label(accepted['snapshot_date'])}, "
            f"by {accepted['accepted_by']} on {timestamp_label(accepted['accepted_at'])}. It had been held: "
            f"{str(accepted['held_message']).rstrip('.')}."
        )


def show_absent_columns(load: pd.Series) -> None:
    """The format's columns the load's files (or list sheets) left out."""
    absent = serving_db.absent_columns(load["load_id"])
    if absent.empty:
        return
    listed = "; ".join(
        f"{group['delivered_in'].iloc[0]}: {', '.join(group['column_name'])}"
        for _, group in absent.groupby("table_name", sort=True)
    )
    st.markdown(f"Columns this delivery left out: {listed}.")
    st.caption("A column an authority has never sent reads as empty. One it sent before and left out "
               "here is not read as empty: the measures and work lists that need it say \"not "
               "available\" and why.")


def show_what_it_means(load: pd.Series | None) -> None:
    """The opening words: what the rows held back from the authority's current extract mean
    for its figures."""
    st.subheader("What the held-back rows mean for the figures")
    if load is None:
        st.caption("No snapshot of this authority has loaded yet.")
        return
    counts = serving_db.quarantine_counts(load["load_id"])
    if counts.empty:
        st.success(f"Nothing was held back from the extract of {date_label(load['snapshot_date'])}: "
                   "every row is in the figures.")
        return
    ledger = serving_db.load_ledger(load["load_id"])
    held_back = dict(zip(ledger["table_name"], ledger["rows_quarantined"])) if not ledger.empty else {}
    said = consequences(counts, catalogue(), held_back)
    st.markdown(f"From the extract of {date_label(load['snapshot_date'])}:")
    for number, consequence in enumerate(said):
        if number == MOST_SAID:
            more = st.expander(f"{len(said) - MOST_SAID} more kinds of record held back")
        with more if number >= MOST_SAID else st.container():
            st.markdown(f"- {consequence.sentence}")
            if consequence.figures:
                st.caption("Figures affected: " + "; ".join(consequence.figures) + ".")
    st.caption("A row is held back when it breaks a rule of the extract format; the rows below say "
               "which rule, file and row. The figures are worked out without them.")


def show_freshness(la_code: str | None) -> None:
    """A row for every loaded delivery: its newest activity, and whether it looks like an old
    export delivered under a new date (marts.delivery_freshness)."""
    freshness = serving_db.delivery_freshness()
    if freshness.empty:
        return
    st.subheader("Is each delivery a fresh export?")
    limit = int(freshness["stale_after_working_days"].iloc[0])
    st.caption(f"A delivery is stale when its newest referral, assessment, visit or case note is more "
               f"than {limit} working days before its extract date. A stale delivery is loaded and "
               "used, but its figures may be missing recent work.")
    for _, stale in freshness[freshness["is_stale"].astype(bool) & freshness["is_current"].astype(bool)].iterrows():
        st.warning(f"Stale: LA {stale['la_code']}, extract {date_label(stale['extract_date'])}. {stale['stale_note']}")
    shown = freshness.assign(
        newest_activity=freshness["newest_activity"].str.capitalize(),
        is_current=freshness["is_current"].map({True: "Yes", False: "No"}),
        is_stale=freshness["is_stale"].map({True: "Stale", False: "Fresh"}),
    )[["la_code", "extract_date", "newest_activity_date", "newest_activity", "working_days_before_extract",
       "is_stale", "is_current"]]
    st.dataframe(shown, hide_index=True, placeholder=MISSING, column_config=table_column_config(shown, {
        "newest_activity_date": st.column_config.DateColumn("Newest activity", format="D MMM YYYY"),
        "newest_activity": "Of a",
        "working_days_before_extract": "Working days before the extract date",
        "is_stale": "Fresh or stale",
        "is_current": "In use",
    }))


def show_quarantine(load: pd.Series) -> None:
    st.subheader("Rows this load held back, by rule")
    load_id = load["load_id"]
    counts = serving_db.quarantine_counts(load_id)
    if counts.empty:
        st.success("No row of this load was quarantined.")
        return
    st.dataframe(counts, hide_index=True, placeholder=MISSING, column_config=table_column_config(counts, {"rule": "Rule broken"}))
    viewer = sign_in.require_viewer()
    if not viewer.sees_every_case:
        st.caption("The rows behind these counts are records of children, with no team: they are "
                   "shown to auditors and data engineers.")
        return
    options = list(range(len(counts)))
    chosen = st.selectbox(
        "Show the rows behind", options, key=f"quarantine_rule_{load_id}",
        format_func=lambda i: f"{counts['table_name'].iloc[i]}: {counts['rule'].iloc[i]} ({counts['quarantined_rows'].iloc[i]} rows)",
    )
    published = serving_db.table_columns("quarantine")
    columns = [c for c in QUARANTINE_COLUMNS if c not in WORKBOOK_COLUMNS or c in published]
    rows = case_rows.case_rows(
        viewer, "quarantine", load["la_code"], page=PAGE,
        where={"load_id": load_id, "table_name": counts["table_name"].iloc[chosen], "rule": counts["rule"].iloc[chosen]},
        columns=columns, order_by=["source_row", "column_name"],
    )
    st.dataframe(rows, hide_index=True, placeholder=MISSING,
                 column_config=table_column_config(rows, {"value": "Value as delivered", "record": "Whole row as delivered"}))
    st.caption("Rows of tables that can name a child (the person table, case notes) show only "
               "their id, the column and the rule: no value of theirs is published. Viewing "
               "these rows is recorded in the access log.")


def show_value_notes(load: pd.Series) -> None:
    """Values an Annex A workbook's rows could not give: loaded as empty, the rows kept."""
    load_id = load["load_id"]
    counts = serving_db.value_note_counts(load_id)
    if counts.empty:
        return
    st.subheader("Values this load could not read, by rule")
    st.caption("These rows were loaded, with the value left empty: a yes/no column holding other words, "
               "a date that is no date, a formula the workbook was saved without calculating. Correct "
               "them in the next workbook; the figures that use the column leave these rows out meanwhile. "
               "A CIN census return checked against the DfE schema of its year lists each schema error "
               "here too (table cin_census): the warehouse's own rules decide what is held back.")
    st.dataframe(counts, hide_index=True, placeholder=MISSING,
                 column_config=table_column_config(counts, {"rule": "Why it could not be read"}))
    viewer = sign_in.require_viewer()
    if not viewer.sees_every_case:
        st.caption("The rows behind these counts are records of children, with no team: they are "
                   "shown to auditors and data engineers.")
        return
    chosen = st.selectbox(
        "Show the values behind", list(range(len(counts))), key=f"value_note_rule_{load_id}",
        format_func=lambda i: f"{counts['table_name'].iloc[i]}: {counts['rule'].iloc[i]} ({counts['noted_values'].iloc[i]} values)",
    )
    rows = case_rows.case_rows(
        viewer, "value_notes", load["la_code"], page=PAGE,
        where={"load_id": load_id, "table_name": counts["table_name"].iloc[chosen], "rule": counts["rule"].iloc[chosen]},
        columns=[c for c in VALUE_NOTE_COLUMNS if c not in WORKBOOK_COLUMNS or c in serving_db.table_columns("value_notes")],
        order_by=["source_row", "column_name"],
    )
    st.dataframe(rows, hide_index=True, placeholder=MISSING,
                 column_config=table_column_config(rows, {"value": "Value as delivered"}))
    st.caption("Find each value by its sheet, row and heading in the workbook. Values of lists that can name "
               "a child are withheld from the published notes. Viewing these rows is recorded in the access log.")


def render() -> None:
    st.title("Data quality")
    if not serving_db.database_exists():
        authority_choice.show_no_data()
        return
    loads = serving_db.snapshot_loads()
    if loads.empty:
        show_landing_notices()
        authority_choice.show_no_data()
        return
    la_code = authority_choice.current()
    if la_code is None:
        st.warning("No snapshot has loaded successfully yet; the loads below say why.")
    show_what_it_means(current_load(loads, la_code))
    show_landing_notices()
    show_freshness(la_code)
    show_held(loads)
    show_loads(loads)

    st.subheader("Files of one load")
    positions = list(range(len(loads)))
    chosen = st.selectbox("Load", positions, index=default_load(loads, la_code), key=f"quality_load_{la_code}",
                          format_func=lambda i: load_label(loads.iloc[i]))
    load = loads.iloc[chosen]
    ledger = serving_db.load_ledger(load["load_id"])
    if ledger.empty:
        st.info("The ledger has no files for this load.")
    else:
        st.dataframe(ledger, hide_index=True, placeholder=MISSING,
                     column_config=table_column_config(ledger, {"status": "Status", "message": "Message"}))
    show_absent_columns(load)
    show_quarantine(load)
    show_value_notes(load)


render()
