"""Data quality: what each load brought in, what it held back, and why."""

import pandas as pd
import streamlit as st

from app import authority_choice, case_rows, serving_db, sign_in
from app.display_format import date_label, table_column_config, timestamp_label

PAGE = "Data quality"
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


def default_load(loads: pd.DataFrame, la_code: str | None) -> int:
    """Position of the chosen authority's current load, else of the newest load."""
    if la_code is not None:
        snapshot = authority_choice.snapshot_date(la_code)
        current = loads[(loads["la_code"] == la_code) & (loads["snapshot_date"] == snapshot) & (loads["status"] == "loaded")]
        if not current.empty:
            return loads.index.get_loc(current.index[0])
    return 0


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
               "the authority keeps its previous figures until a good extract arrives.")
    rejected = loads[loads["status"] == "rejected"]
    for _, load in rejected.iterrows():
        st.warning(f"Rejected: LA {load['la_code']}, extract {date_label(load['snapshot_date'])}. {load['message']}")
    shown = loads[["la_code", "snapshot_date", "status", "message", "files", "rows_read", "rows_loaded",
                   "rows_quarantined", "finished_at"]]
    st.dataframe(shown, hide_index=True,
                 column_config=table_column_config(shown, {"message": "Why rejected", "files": "Files", "status": "Status"}))


def show_quarantine(load: pd.Series) -> None:
    st.subheader("Rows this load held back, by rule")
    load_id = load["load_id"]
    counts = serving_db.quarantine_counts(load_id)
    if counts.empty:
        st.success("No row of this load was quarantined.")
        return
    st.dataframe(counts, hide_index=True, column_config=table_column_config(counts, {"rule": "Rule broken"}))
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
    st.dataframe(rows, hide_index=True,
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
    st.dataframe(counts, hide_index=True, column_config=table_column_config(counts, {"rule": "Why it could not be read"}))
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
    st.dataframe(rows, hide_index=True, column_config=table_column_config(rows, {"value": "Value as delivered"}))
    st.caption("Find each value by its sheet, row and heading in the workbook. Values of lists that can name "
               "a child are withheld from the published notes. Viewing these rows is recorded in the access log.")


def render() -> None:
    st.title("Data quality")
    if not serving_db.database_exists():
        authority_choice.show_no_data()
        return
    show_landing_notices()
    loads = serving_db.snapshot_loads()
    if loads.empty:
        authority_choice.show_no_data()
        return
    la_code = authority_choice.current()
    if la_code is None:
        st.warning("No snapshot has loaded successfully yet; the loads below say why.")
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
        st.dataframe(ledger, hide_index=True, column_config=table_column_config(ledger, {"status": "Status", "message": "Message"}))
    show_quarantine(load)
    show_value_notes(load)


render()
