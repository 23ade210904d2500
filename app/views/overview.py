"""Overview: the letter's eleven improvement areas as a scorecard, at the latest complete month
or any past one, with a banner first when the latest delivery was refused or is stale."""

import pandas as pd
import streamlit as st

from app import authority_choice, cohorts, delivery_notice, serving_db, sign_in
from app.availability import NO_FIGURES
from app.display_format import date_label, metric_value_label, period_label, timestamp_label
from app.improvement_areas import AREA_TITLES
from app.judgement import NOT_AVAILABLE, STATUS_BADGES, direction_words, status_colour
from app.metric_picker import catalogue
from app.scorecard import Card, has_tracker, scorecard, status_counts, tracker_months, window_label

CARDS_PER_ROW = 3
MONTH_KEY = "overview_month"
PAGE = "Overview"


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


def show_status_summary(cards: list[Card]) -> None:
    counts = status_counts(cards)
    summary = st.container(horizontal=True)
    for status, badge in STATUS_BADGES.items():
        summary.badge(f"{badge.label}: {counts[status]}", color=badge.colour, icon=badge.icon)


def number_label(card: Card) -> str:
    """What the big number is: the month, or the window that was judged."""
    if card.month_start is None:
        return "No complete month yet"
    if not card.is_judged_value and card.status is not None:
        return f"{period_label('month', card.month_start)} (not judged)"
    label = window_label(card.month_start, card.shown_window_months)
    return label[:1].upper() + label[1:]


def card_help(card: Card) -> str:
    lines = [direction_words(card.judgement, card.band_low, card.band_high, card.kind) + "."]
    if card.shown_window_months > 1:
        lines.append(f"The month alone had too few cases to judge, so the {card.shown_window_months} "
                     "months to it are taken together.")
    lines.append("The line shows the value judged each month, coloured by how it is judged now; "
                 "months whose history is too short are left out of it.")
    return "  \n".join(lines)


def month_alone(card: Card) -> str | None:
    """The month's own figure, when the number shown is another (a window or none judged)."""
    if card.shown_window_months == 1 or card.month_start is None:
        return None
    cohort = "" if card.month_denominator is None else f" ({int(card.month_denominator):,} cases)"
    return f"{period_label('month', card.month_start)} alone: {metric_value_label(card.month_value, card.kind)}{cohort}"


def year_text(card: Card) -> str:
    if card.year_start is None:
        return "no complete financial year"
    year = period_label("financial_year", card.year_start)
    value = metric_value_label(card.year_value, card.kind)
    if not card.year_history_complete:
        return f"{year}: **{value}** (history too short, not compared)"
    return f"{year}: **{value}**"


def change_text(card: Card) -> str | None:
    """The change in words; when there is a line but nothing comparable before, say so (a
    metric without a change would also lose its line's colour)."""
    if card.change:
        return card.change
    if not card.trend:
        return None
    if card.previous_label is None:
        return "no month before to compare"
    return f"not compared with {card.previous_label}"


def show_not_available_card(card: Card) -> None:
    """A metric the authority's deliveries cannot give in the month: the reason, where its
    figures would be."""
    with st.container(border=True):
        st.markdown(f"**{card.title}**")
        badge = STATUS_BADGES[NOT_AVAILABLE]
        st.badge(badge.label, color=badge.colour, icon=badge.icon)
        st.info(card.status_reason, icon=":material/block:")


def show_card(card: Card) -> None:
    """One metric: the value judged, its status, the line of judged values, the change, the
    financial year, the target and England."""
    if card.status == NOT_AVAILABLE:
        show_not_available_card(card)
        return
    colour = status_colour(card.status)
    with st.container(border=True):
        st.markdown(f"**{card.title}**")
        st.metric(
            number_label(card),
            metric_value_label(card.shown_value, card.kind),
            delta=change_text(card),
            delta_color=colour,
            delta_arrow="off",
            chart_data=list(card.trend) or None,
            help=card_help(card),
        )
        badge = STATUS_BADGES.get(card.status)
        if badge is not None:
            st.badge(badge.label, color=badge.colour, icon=badge.icon, help=card.status_reason)
        details = [
            year_text(card),
            f"Target: **{'none set' if card.target is None else metric_value_label(card.target, card.kind)}**",
            f"England: **{'not published' if card.england_value is None else metric_value_label(card.england_value, card.kind)}**",
        ]
        st.caption(" · ".join(details))
        alone = month_alone(card)
        if alone:
            st.caption(alone)
        if card.status_reason:
            st.caption(card.status_reason)
        elif not card.history_complete and card.history_note:
            st.caption(f"History too short: {card.history_note}")


def show_area(area: int, title: str, cards: list[Card], missing: list[str]) -> None:
    """The area's cards (a measure the deliveries cannot give says why on its card), and a line
    for each of its other measures without a figure."""
    st.subheader(f"{area}. {title}", divider="gray")
    for start in range(0, len(cards), CARDS_PER_ROW):
        columns = st.columns(CARDS_PER_ROW)
        for column, card in zip(columns, cards[start: start + CARDS_PER_ROW]):
            with column:
                show_card(card)
    for line in missing:
        st.caption(line)
    if not cards and not missing:
        st.caption("No measure for this area in this authority's data.")


def show_cases(la_code: str, cards: list[Card]) -> None:
    """The cases behind a card's number, for the roles that see cases: the month's cohort, or
    the window's when a window was judged."""
    viewer = sign_in.require_viewer()
    if not viewer.sees_case_rows or not cards:
        return
    st.subheader("The cases behind a card", divider="gray")
    by_id = {card.metric_id: card for card in cards if card.month_start is not None and card.status != NOT_AVAILABLE}
    chosen = st.selectbox("Measure", [None, *by_id], key=f"overview_cases_{la_code}",
                          format_func=lambda m: "Choose a measure" if m is None else by_id[m].title)
    if chosen is None:
        return
    card = by_id[chosen]
    first = card.month_start - pd.DateOffset(months=card.shown_window_months - 1)
    number = cohorts.Number(chosen, "month", first, card.month_start + pd.offsets.MonthEnd(0), True)
    metrics = catalogue()
    cohorts.show_cohort(viewer, la_code, cohorts.cases_source(chosen, metrics), number,
                        int(card.shown_cohort) if card.shown_cohort is not None else int(card.shown_value or 0),
                        authority_choice.snapshot_date(la_code), set(metrics.index), PAGE, key="overview_cases")


def choose_month(la_code: str) -> pd.Timestamp | None:
    """The month the overview shows: the latest complete one unless a leader picks another."""
    months = tracker_months(la_code)
    if not months:
        return None
    labels = {month: period_label("month", month) + (" (latest complete month)" if month == months[0] else "")
              for month in months}
    return st.selectbox(
        "Show the overview as it stood at the end of", months, key=f"{MONTH_KEY}_{la_code}",
        format_func=labels.get,
        help="Each month's status as the tracker judged it, against today's targets, from today's extract.",
    )


def render() -> None:
    la_code = authority_choice.require()
    delivery_notice.show_banner(
        delivery_notice.latest_delivery_notice(la_code, authority_choice.snapshot_date(la_code)))
    st.title("Are we improving where Ofsted said we must?")
    st.caption(f"LA {la_code}. Each of the eleven areas the focused visit letter listed: the latest "
               "figure and how it is judged against the target, the trend, the latest complete "
               "financial year, the target and the England figure.")
    show_freshness(la_code)
    month = choose_month(la_code)
    cards = scorecard(la_code, month)
    if has_tracker():
        show_status_summary(cards)
    else:
        st.info("The improvement tracker is not published yet, so there is no red/amber/green status: "
                "the cards show the figures without a judgement. Status will appear after the next "
                "refresh.")
    metrics = catalogue()
    shown = {card.metric_id for card in cards}
    for area in AREA_TITLES:
        in_area = [card for card in cards if card.improvement_area == area]
        title = in_area[0].area_title if in_area else AREA_TITLES[area]
        missing = [f"{row['title']} · {NO_FIGURES}"
                   for metric_id, row in metrics[metrics["improvement_area"] == area].iterrows()
                   if metric_id not in shown]
        show_area(area, title, in_area, missing)
    show_cases(la_code, cards)


render()
