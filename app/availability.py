"""Why a measure or a work list has no figure: the one place the app says it is not available.

A metric the authority's deliveries cannot give (an Annex A workbook records no assessment
factors, a CIN census return no visits, an extract may leave out an optional table) has no rows in metric_values for those
periods, never zeros. The warehouse says why, in words a leader reads, in
`metric_availability` (one row per authority, metric and period). Every page that would show a
value, a chart or a card asks `not_available_reason` and shows the reason instead. A work list
the authority's current delivery cannot give (a kind that does not record it, a table it did
not send, a column it stopped sending) has no rows: `worklist_availability` says why, and the
work lists page shows that (`unavailable_worklists`) rather than "no cases".
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import serving_db

# What is said of a measure with no figure and no reason published for it: a serving database
# without metric_availability, or a month before the measure's first figures.
NO_FIGURES = "No figures in this authority's data for this month."


def _availability(la_code: str) -> pd.DataFrame:
    table = serving_db.metric_availability(la_code)
    if table.empty:
        return pd.DataFrame(columns=["metric_id", "period_grain", "period_start", "available", "unavailable_reason"])
    return table


def not_available_reason(
    la_code: str, metric_id: str, period_grain: str = "month", period_start: object = None
) -> str | None:
    """Why the metric has no value for the authority in a period ("Not available from Annex A
    workbooks: ...", "Not available from CIN census returns: ..."), or None when it is available there (or nothing is published about it).
    Without a period: the authority's latest period of the grain, the one its figures are
    about now."""
    rows = _availability(la_code)
    rows = rows[(rows["metric_id"] == metric_id) & (rows["period_grain"] == period_grain)]
    if rows.empty:
        return None
    if period_start is None:
        chosen = rows.loc[[rows["period_start"].idxmax()]]
    else:
        chosen = rows[pd.to_datetime(rows["period_start"]) == pd.Timestamp(period_start)]
    unavailable = chosen[~chosen["available"].astype(bool)]
    return None if unavailable.empty else str(unavailable["unavailable_reason"].iloc[0])


def unavailable_metrics(la_code: str, period_grain: str = "month") -> dict[str, str]:
    """Every metric not available in the authority's latest period of the grain, with why (as
    not_available_reason says it), worked out once per published file."""
    return _unavailable_metrics(serving_db.publication_key(), la_code, period_grain)


@st.cache_data(ttl=serving_db.CACHE_SECONDS, show_spinner=False, max_entries=256)
def _unavailable_metrics(publication: object, la_code: str, period_grain: str) -> dict[str, str]:
    """unavailable_metrics of the file `publication` names (serving_db.publication_key)."""
    rows = _availability(la_code)
    rows = rows[rows["period_grain"] == period_grain]
    # Each metric's latest period of the grain, the metrics in the order they are published.
    latest = (
        rows.sort_values("period_start", kind="stable").drop_duplicates("metric_id", keep="last")
        .set_index("metric_id").reindex(rows["metric_id"].unique())
    )
    unavailable = latest[~latest["available"].astype(bool)]
    reasons = {metric_id: str(reason) for metric_id, reason in unavailable["unavailable_reason"].items()}
    return {metric_id: reason for metric_id, reason in reasons.items() if reason}


def unavailable_periods(la_code: str, metric_id: str, period_grain: str) -> pd.DataFrame:
    """The periods of a grain in which the metric is not available: period_start and reason."""
    rows = _availability(la_code)
    rows = rows[
        (rows["metric_id"] == metric_id) & (rows["period_grain"] == period_grain)
        & ~rows["available"].astype(bool)
    ]
    return rows[["period_start", "unavailable_reason"]].reset_index(drop=True)


def unavailable_worklists(la_code: str) -> dict[str, str]:
    """Every work list the authority cannot have, with why ("Not available: the SSD extract of
    31 March 2024 has no ext_case_notes.csv."); a list missing here is available (or nothing is
    published about it). A list that is not available has no rows: saying "no cases" would be
    wrong."""
    lists = serving_db.worklist_availability(la_code)
    if lists.empty:
        return {}
    unavailable = lists[~lists["available"].astype(bool)]
    return dict(zip(unavailable["worklist"], unavailable["unavailable_reason"].astype(str)))
