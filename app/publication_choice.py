"""Figures as published on an earlier day: which kept publication the app reads, and the note
every page shows while it reads one.

Each refresh keeps its publication of the serving database as a file of its own (listed in the
latest file's `publications` table: id, when, the snapshots it covered, the file). The sidebar
offers them; choosing one makes every page read that file instead of the latest (app.serving_db
reads the file `apply` puts in the session), so the overview, the explorer and the improvement tracker show, number for
number, what they showed that day. The link `?as_published=<publication id>` opens the app on
one. Every page then says, above everything else, which publication it shows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from app import serving_db

SESSION_KEY = "as_published"
QUERY_PARAMETER = "as_published"
LATEST = "latest"


def chosen() -> pd.Series | None:
    """The kept publication the viewer chose (a row of `publications`), or None for the latest."""
    identifier = st.session_state.get(SESSION_KEY) or st.query_params.get(QUERY_PARAMETER)
    if not identifier or identifier == LATEST:
        return None
    kept = serving_db.publications()
    if kept.empty:
        return None
    newest = kept["publication_id"].iloc[-1]
    row = kept[kept["publication_id"] == identifier]
    if row.empty or identifier == newest:
        return None
    return row.iloc[0]


def apply() -> None:
    """Point every read of this run at the chosen publication's file (or the latest). Before
    anything is read."""
    publication = chosen()
    if publication is None or not Path(publication["file"]).exists():
        st.session_state.pop(serving_db.KEPT_PUBLICATION_FILE_KEY, None)
    else:
        st.session_state[serving_db.KEPT_PUBLICATION_FILE_KEY] = str(publication["file"])


def label(publication: pd.Series) -> str:
    """A publication in words: `31 Mar 2024 06:00 UTC (snapshots to 31 Mar 2024)`."""
    when = pd.Timestamp(publication["published_at"]).strftime("%d %b %Y %H:%M UTC")
    days = [s["extract_date"] for s in publication["snapshots"] if s is not None]
    newest = f" (snapshots to {pd.Timestamp(max(days)).strftime('%d %b %Y')})" if days else ""
    return when + newest


def render_sidebar() -> None:
    """The choice of the figures' publication, when more than one is kept."""
    kept = serving_db.publications()
    if len(kept) < 2:
        return
    options = [LATEST, *reversed(kept["publication_id"].iloc[:-1].tolist())]
    labels = {LATEST: "Latest (" + label(kept.iloc[-1]) + ")"}
    labels.update({row["publication_id"]: label(row) for _, row in kept.iterrows()})
    wanted = st.session_state.get(SESSION_KEY) or st.query_params.get(QUERY_PARAMETER, LATEST)
    st.sidebar.selectbox(
        "Figures as published on",
        options,
        index=options.index(wanted) if wanted in options else 0,
        format_func=labels.get,
        key=SESSION_KEY,
        help="Every refresh's publication is kept (every one of the last 90 days, the last of "
        "each month for 7 years). Choose one to see every page as it was published then.",
    )


def render_notice() -> None:
    """Above every page while a kept publication is shown: which, and that it is not the latest."""
    publication = chosen()
    if publication is None:
        return
    st.warning(
        f"As published on {label(publication)}: every figure on this page is as the warehouse "
        "published it then (publication " + str(publication["publication_id"]) + "), not the "
        "latest. Choose \"Latest\" under \"Figures as published on\" to return."
    )
