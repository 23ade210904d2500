"""Which authority the pages show: chosen once in the sidebar, kept while moving between pages.

The selector lives in the entry page, which runs before every page, so its value survives page
changes. With one authority loaded there is nothing to choose and no selector is drawn.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import serving_db
from app.display_format import date_label, timestamp_label

SESSION_KEY = "authority"
NO_DATA_MESSAGE = (
    "No data loaded yet. Run `make demo` (synthetic data) or point CSC_LANDING_DIR at your "
    "extracts and run `make refresh`."
)


def loaded_codes() -> list[str]:
    return serving_db.authorities()["la_code"].tolist() if serving_db.database_exists() else []


def current() -> str | None:
    """The chosen authority, or None when no authority is loaded."""
    codes = loaded_codes()
    if not codes:
        return None
    chosen = st.session_state.get(SESSION_KEY)
    return chosen if chosen in codes else codes[0]


def snapshot_date(la_code: str) -> pd.Timestamp | None:
    loaded = serving_db.authorities()
    rows = loaded.loc[loaded["la_code"] == la_code, "snapshot_date"]
    return None if rows.empty else rows.iloc[0]


def show_no_data() -> None:
    st.info(f"{NO_DATA_MESSAGE}\n\n(Looked for the serving database at `{serving_db.serving_path()}`.)")


def require() -> str:
    """The chosen authority; when none is loaded, say how to load data and stop the page."""
    chosen = current()
    if chosen is None:
        show_no_data()
        st.stop()
    return chosen


def render_sidebar() -> None:
    """The authority selector (when there is a choice) and what data the pages are showing."""
    codes = loaded_codes()
    if not codes:
        st.sidebar.caption("No data loaded yet.")
        return
    if st.session_state.get(SESSION_KEY) not in codes:
        st.session_state[SESSION_KEY] = codes[0]
    if len(codes) > 1:
        st.sidebar.selectbox("Authority", codes, key=SESSION_KEY, format_func=lambda c: f"LA {c}")
    chosen = current()
    refreshed = serving_db.refresh_info()
    lines = [f"**LA {chosen}**", f"Extract date: {date_label(snapshot_date(chosen))}"]
    if not refreshed.empty:
        lines.append(f"Last refresh: {timestamp_label(refreshed['published_at'].iloc[0])}")
    st.sidebar.caption("  \n".join(lines))
