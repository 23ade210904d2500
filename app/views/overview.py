"""Overview: the letter's eleven improvement areas as a scorecard, and how fresh the data is."""

import pandas as pd
import streamlit as st

from app import authority_choice, serving_db
from app.display_format import (
    delta_colour,
    change_label,
    date_label,
    direction_label,
    metric_value_label,
    period_label,
    timestamp_label,
)
from app.improvement_areas import AREA_TITLES
from app.scorecard import STATUS_BADGES, has_tracker, monthly_trends, scorecard_rows, status_counts

CARDS_PER_ROW = 3


def show_freshness(la_code: str) -> None:
    loads = serving_db.current_loads()
    refreshed = serving_db.refresh_info()
    mine = loads[loads["la_code"] == la_code]
    extract, refresh, quarantined = st.columns(3)
    extract.metric("Extract date", date_label(authority_choice.snapshot_date(la_code)),
                   help="The day the case-system extract was taken; figures are as at this day.")
    refresh.metric("Last refresh", timestamp_label(refreshed["published_at"].iloc[0]) if not refreshed.empty else "not recorded",
                   help="When the warehouse last published the figures this app reads.")
    count = mine["rows_quarantined"].iloc[0] if not mine.empty else None
    quarantined.metric("Rows quarantined", "not recorded" if count is None or pd.isna(count) else f"{int(count):,}",
                       help="Rows of this extract held back because they broke a validation rule.")
    quarantined.page_link("views/data_quality.py", label="See what was held back and why", icon=":material/fact_check:")
    if len(loads) > 1:
        with st.expander("Every authority's data"):
            st.dataframe(
                pd.DataFrame({
                    "Authority": "LA " + loads["la_code"],
                    "Extract date": loads["snapshot_date"].map(date_label),
                    "Loaded": loads["loaded_at"].map(timestamp_label),
                    "Rows quarantined": loads["rows_quarantined"],
                }),
                hide_index=True,
            )


def show_status_summary(rows: pd.DataFrame) -> None:
    counts = status_counts(rows)
    summary = st.container(horizontal=True)
    for status, (label, colour, icon) in STATUS_BADGES.items():
        summary.badge(f"{label}: {counts[status]}", color=colour, icon=icon)



def show_not_available_card(row: pd.Series) -> None:
    """A metric the authority's deliveries cannot give: the reason, where its figures would be."""
    with st.container(border=True):
        st.markdown(f"**{row['metric_title']}**")
        label, colour, icon = STATUS_BADGES["not available"]
        st.badge(label, color=colour, icon=icon)
        st.info(row["status_reason"], icon=":material/block:")


def show_card(row: pd.Series, trend: list[float]) -> None:
    """One metric: latest complete month, its change, the trend, the year, target and England."""
    if row["status"] == "not available":
        show_not_available_card(row)
        return
    kind = row["kind"]
    with st.container(border=True):
        st.markdown(f"**{row['metric_title']}**")
        month = "No complete month yet" if pd.isna(row["latest_month_start"]) else period_label("month", row["latest_month_start"])
        change = row["month_change"]
        st.metric(
            month,
            metric_value_label(row["latest_month_value"], kind),
            delta=None if pd.isna(change) else change_label(change, kind),
            delta_color=delta_colour(row["higher_is_better"]),
            delta_description=None if pd.isna(change) else "on the month before",
            chart_data=trend or None,
            help=f"{direction_label(row['higher_is_better'])}. The sparkline shows every complete month.",
        )
        if row["status"] in STATUS_BADGES:
            label, colour, icon = STATUS_BADGES[row["status"]]
            st.badge(label, color=colour, icon=icon, help=row["status_reason"])
        year = "no complete year" if pd.isna(row["latest_year_start"]) else period_label("financial_year", row["latest_year_start"])
        details = [
            f"{year}: **{metric_value_label(row['latest_year_value'], kind)}**",
            f"Target: **{'none set' if pd.isna(row['target']) else metric_value_label(row['target'], kind)}**",
            f"England: **{'not published' if pd.isna(row['england_value']) else metric_value_label(row['england_value'], kind)}**",
        ]
        st.caption(" · ".join(details))
        if isinstance(row["status_reason"], str) and row["status_reason"]:
            st.caption(row["status_reason"])


def show_area(area: int, title: str, rows: pd.DataFrame, trends: dict[str, list[float]]) -> None:
    st.subheader(f"{area}. {title}", divider="gray")
    if rows.empty:
        st.caption("No measure for this area in this authority's data: the extract may not include "
                   "the table it needs. See Definitions for what each measure needs.")
        return
    for start in range(0, len(rows), CARDS_PER_ROW):
        columns = st.columns(CARDS_PER_ROW)
        for column, (_, row) in zip(columns, rows.iloc[start: start + CARDS_PER_ROW].iterrows()):
            with column:
                show_card(row, trends.get(row["metric_id"], []))


def render() -> None:
    la_code = authority_choice.require()
    st.title("Are we improving where Ofsted said we must?")
    st.caption(f"LA {la_code}. Each of the eleven areas the focused visit letter listed, with the latest "
               "complete month, the trend over every complete month, the latest complete financial year, "
               "the target and the England figure.")
    show_freshness(la_code)
    rows = scorecard_rows(la_code)
    if has_tracker():
        show_status_summary(rows)
    else:
        st.info("The improvement tracker is not published yet, so there is no red/amber/green status: "
                "the cards show the figures from the metric tables. Status will appear after a refresh "
                "that publishes improvement_tracker.")
    trends = monthly_trends(la_code)
    for area in AREA_TITLES:
        in_area = rows[rows["improvement_area"] == area]
        title = in_area["area_title"].iloc[0] if not in_area.empty else AREA_TITLES[area]
        show_area(area, title, in_area, trends)


render()
