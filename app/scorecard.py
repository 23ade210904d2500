"""The overview's scorecard: one card per improvement-area metric of an authority, as it stood
at the end of any complete month (the latest by default).

The source is improvement_tracker_history: the tracker's status of every complete month, by
the rule that gives improvement_tracker its status (whose status is the history's latest
month). So a card never contradicts itself:

- its number is the value that was judged: the month's own, or, when the month's cohort was
  too small, the 3 or 12 months pooled (the window is named beside it); a value that was not
  judged (too few cases, too short a history) is the month's own, said to be not judged;
- its badge is that judgement, and its line (the value judged each month up to this one) and
  change take the badge's colour, or grey when there is no judgement;
- its change is worded as better or worse than the month before (for a metric judged against
  a band: closer to or further from it), and is given only when both months were judged on
  the same window and neither rests on too short a history;
- no value resting on too short a history is in the line or in a change.

A metric the authority's deliveries cannot give in the month (app.availability) has a card too,
with the status `not available` and the reason, never a blank or a 0: from the history's own
`not available` row, or, for a metric the history has no row for, from metric_availability.

Before the tracker is published the cards are made from metric_values, without a status.

What each card needs (the month, the month before, the line) is one read shaped for the cards
(serving_db.scorecard_months), and the years beside them another (latest_financial_years), so
a cold overview works on a row per card, not on pandas over the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app import serving_db
from app.availability import not_available_reason
from app.display_format import period_label
from app.improvement_areas import AREA_TITLES
from app.judgement import (
    HISTORY_TOO_SHORT,
    NOT_AVAILABLE,
    STATUS_BADGES,
    change_words,
    is_missing,
    judgement_of,
)
from app.metric_picker import catalogue


@dataclass(frozen=True)
class Card:
    metric_id: str
    title: str
    improvement_area: int
    area_title: str
    kind: str
    judgement: str
    band_low: float | None
    band_high: float | None
    month_start: pd.Timestamp | None
    shown_value: float | None  # the value judged, or the month's own when none was
    shown_window_months: int  # the months shown_value covers, ending with month_start
    shown_cohort: float | None
    is_judged_value: bool  # shown_value is the value the status was judged on
    status: str | None
    status_reason: str | None
    month_value: float | None
    month_denominator: float | None
    history_complete: bool
    history_note: str | None
    change: str | None  # None: nothing comparable before (see previous_label)
    previous_label: str | None  # the month before, when there is one
    trend: tuple[float, ...]
    year_start: pd.Timestamp | None
    year_value: float | None
    year_history_complete: bool
    year_history_note: str | None
    target: float | None
    england_value: float | None
    judged_slice_label: str | None


def has_tracker() -> bool:
    return serving_db.has_table("improvement_tracker_history") or serving_db.has_table("improvement_tracker")


def tracker_months(la_code: str) -> list[pd.Timestamp]:
    """The complete months the tracker judged, newest first (empty before it is published)."""
    months = serving_db.tracker_months(la_code)
    return [] if months.empty else list(pd.to_datetime(months["month_start"]))


def window_label(month_start: object, window_months: int) -> str:
    """'Oct 2026', or 'the 12 months to Oct 2026'."""
    month = period_label("month", month_start)
    return month if window_months == 1 else f"the {window_months} months to {month}"


def _value(row: pd.Series | dict, column: str) -> object:
    value = row.get(column)
    return None if is_missing(value) else value


def _flag(row: pd.Series | dict, column: str) -> bool:
    value = row.get(column)
    return True if is_missing(value) else bool(value)


def _latest_years(years: pd.DataFrame) -> dict[tuple[str, str, str], dict]:
    """serving_db.latest_financial_years by (metric, dimension, dimension value)."""
    return {(row["metric_id"], row["dimension"], row["dimension_value"]): row for row in years.to_dict("records")}


def _year_figures(latest_years: dict[tuple[str, str, str], dict], metric: pd.Series) -> dict:
    """The latest complete financial year of the slice judged."""
    dimension = _value(metric, "judged_dimension") or "all"
    dimension_value = _value(metric, "judged_dimension_value") or "all"
    year = latest_years.get((metric.name, dimension, dimension_value))
    if year is None:
        return {"year_start": None, "year_value": None, "year_history_complete": True, "year_history_note": None}
    return {
        "year_start": pd.Timestamp(year["period_start"]),
        "year_value": _value(year, "value"),
        "year_history_complete": _flag(year, "history_complete"),
        "year_history_note": _value(year, "history_note"),
    }


def _card(metric: pd.Series, this: dict, latest_years: dict[tuple[str, str, str], dict]) -> Card:
    """A metric's card from its row of serving_db.scorecard_months (the chosen month, the
    month before it, the line) and the latest financial years (_latest_years)."""
    judgement = judgement_of(metric)
    kind = str(metric.get("kind", "rate"))
    judged_value = _value(this, "judged_value")
    window = int(this["judged_window_months"]) if judged_value is not None else 1
    month_start = pd.Timestamp(this["month_start"])
    has_before = not is_missing(this.get("before_month_start"))
    before_value = _value(this, "before_judged_value")
    comparable = (
        has_before and bool(this["trusted"]) and bool(this["before_trusted"])
        and before_value is not None and judged_value is not None
        and int(this["before_judged_window_months"]) == window
        and pd.Timestamp(this["before_month_start"]) == month_start - pd.DateOffset(months=1)
    )
    trend = tuple(float(value) for value in this["trend"])
    # The band judged against: the tracker's (an authority's own), else the catalogue's default.
    band_low = _value(this, "band_low") if "band_low" in this else _value(metric, "band_low")
    band_high = _value(this, "band_high") if "band_high" in this else _value(metric, "band_high")
    return Card(
        metric_id=metric.name,
        title=str(this.get("metric_title") or metric.get("title")),
        improvement_area=int(metric["improvement_area"]),
        area_title=str(this.get("area_title") or AREA_TITLES.get(int(metric["improvement_area"]), "")),
        kind=kind,
        judgement=judgement,
        band_low=band_low,
        band_high=band_high,
        month_start=month_start,
        shown_value=judged_value if judged_value is not None else _value(this, "month_value"),
        shown_window_months=window,
        shown_cohort=_value(this, "judged_denominator") if judged_value is not None else _value(this, "month_denominator"),
        is_judged_value=judged_value is not None,
        status=_value(this, "status"),
        status_reason=_value(this, "status_reason"),
        month_value=_value(this, "month_value"),
        month_denominator=_value(this, "month_denominator"),
        history_complete=_flag(this, "history_complete"),
        history_note=_value(this, "history_note"),
        change=None if not comparable else change_words(
            judged_value, before_value, judgement=judgement, kind=kind,
            before=window_label(this["before_month_start"], window),
            band_low=band_low, band_high=band_high,
        ) or None,
        previous_label=window_label(this["before_month_start"], 1) if has_before else None,
        trend=trend,
        **_year_figures(latest_years, metric),
        target=_value(this, "target"),
        england_value=_value(this, "england_value"),
        judged_slice_label=_value(metric, "judged_slice_label"),
    )


def _not_available_card(metric: pd.Series, month_start: pd.Timestamp, reason: str) -> Card:
    """The card of a metric the history has no row for in the month because the authority's
    deliveries cannot give it: no value, the status `not available`, the reason."""
    return Card(
        metric_id=metric.name, title=str(metric.get("title")), improvement_area=int(metric["improvement_area"]),
        area_title=AREA_TITLES.get(int(metric["improvement_area"]), ""), kind=str(metric.get("kind", "rate")),
        judgement=judgement_of(metric), band_low=_value(metric, "band_low"), band_high=_value(metric, "band_high"),
        month_start=month_start, shown_value=None, shown_window_months=1, shown_cohort=None, is_judged_value=False,
        status=NOT_AVAILABLE, status_reason=reason, month_value=None, month_denominator=None,
        history_complete=True, history_note=None, change=None, previous_label=None, trend=(),
        year_start=None, year_value=None, year_history_complete=True, year_history_note=None,
        target=_value(metric, "target"), england_value=_value(metric, "england_value"),
        judged_slice_label=_value(metric, "judged_slice_label"),
    )


def scorecard(la_code: str, month_start: object | None = None) -> list[Card]:
    """The authority's cards in the letter's order, as they stood at the end of `month_start`
    (the latest complete month when None). Worked out once per published file, authority and
    month: a revisit or a widget change reuses them."""
    return _scorecard(serving_db.publication_key(), la_code, month_start)


@st.cache_data(ttl=serving_db.CACHE_SECONDS, show_spinner=False, max_entries=256)
def _scorecard(publication: object, la_code: str, month_start: object | None) -> list[Card]:
    """scorecard of the file `publication` names (a cache key: serving_db.publication_key)."""
    metrics = catalogue()
    area_metrics = metrics[metrics["improvement_area"].isin(AREA_TITLES)]
    rows = serving_db.scorecard_months(la_code, month_start, list(AREA_TITLES), HISTORY_TOO_SHORT)
    if rows.empty:
        return []
    chosen = pd.Timestamp(month_start) if month_start is not None else pd.Timestamp(rows["month_start"].max())
    by_metric = {row["metric_id"]: row for row in rows.to_dict("records")}
    latest_years = _latest_years(serving_db.latest_financial_years(la_code, chosen))
    cards = []
    for metric_id, metric in area_metrics.iterrows():
        this = by_metric.get(metric_id)
        if this is None:
            reason = not_available_reason(la_code, metric_id, "month", chosen)
            if reason:
                cards.append(_not_available_card(metric, chosen, reason))
            continue
        cards.append(_card(metric, this, latest_years))
    return cards


def status_counts(cards: list[Card]) -> dict[str, int]:
    """How many cards have each status, in the order of STATUS_BADGES."""
    return {status: sum(card.status == status for card in cards) for status in STATUS_BADGES}
