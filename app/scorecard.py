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
    history = serving_db.improvement_tracker_history(la_code)
    if history.empty:
        return []
    return sorted(pd.to_datetime(history["month_start"]).unique(), reverse=True)


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


def _latest_years(years: pd.DataFrame, month_end: pd.Timestamp) -> dict[tuple[str, str, str], dict]:
    """Each slice's latest complete financial year ended by `month_end`, by (metric, dimension,
    dimension value): found in one pass for every card, not by filtering the years per card."""
    if years.empty:
        return {}
    ended = years[years["period_end"] <= month_end].sort_values("period_start", kind="stable")
    latest = ended.drop_duplicates(["metric_id", "dimension", "dimension_value"], keep="last")
    return {(row["metric_id"], row["dimension"], row["dimension_value"]): row for row in latest.to_dict("records")}


def _year_figures(latest_years: dict[tuple[str, str, str], dict], metric: pd.Series) -> dict:
    """The latest complete financial year of the slice judged (_latest_years)."""
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


def _trusted(row: pd.Series) -> bool:
    """A month whose value may be compared or drawn in the line: its history is long enough."""
    return _flag(row, "history_complete") and row.get("status") != HISTORY_TOO_SHORT


def _trusted_months(months: pd.DataFrame) -> pd.Series:
    """_trusted of every row at once."""
    trusted = pd.Series(True, index=months.index)
    if "history_complete" in months:
        flags = months["history_complete"]
        trusted &= flags.isna() | flags.fillna(True).astype(bool)
    if "status" in months:
        trusted &= months["status"].isna() | (months["status"] != HISTORY_TOO_SHORT)
    return trusted


def _card(metric: pd.Series, months: pd.DataFrame, latest_years: dict[tuple[str, str, str], dict]) -> Card:
    """A metric's card from its history up to the chosen month (the last row of `months`)."""
    this = months.iloc[-1]
    before = months.iloc[-2] if len(months) > 1 else None
    judgement = judgement_of(metric)
    kind = str(metric.get("kind", "rate"))
    judged_value = _value(this, "judged_value")
    window = int(this["judged_window_months"]) if judged_value is not None else 1
    comparable = (
        before is not None and _trusted(this) and _trusted(before)
        and _value(before, "judged_value") is not None and judged_value is not None
        and int(before["judged_window_months"]) == window
        and pd.Timestamp(before["month_start"]) == pd.Timestamp(this["month_start"]) - pd.DateOffset(months=1)
    )
    in_line = _trusted_months(months) & months["judged_value"].notna()
    trend = tuple(float(value) for value in months.loc[in_line, "judged_value"])
    month_start = pd.Timestamp(this["month_start"])
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
            judged_value, before["judged_value"], judgement=judgement, kind=kind,
            before=window_label(before["month_start"], window),
            band_low=band_low, band_high=band_high,
        ) or None,
        previous_label=None if before is None else window_label(before["month_start"], 1),
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


def _from_metric_values(la_code: str, metrics: pd.DataFrame) -> pd.DataFrame:
    """What the history would say, made from metric_values before the tracker is published:
    each month's own value, no judgement (status NULL)."""
    series = serving_db.monthly_headline_series(la_code)
    if series.empty:
        return series
    series = series[series["period_complete"].astype(bool) & series["metric_id"].isin(metrics.index)]
    return pd.DataFrame({
        "metric_id": series["metric_id"],
        "month_start": series["period_start"],
        "month_value": series["value"],
        "month_denominator": series["denominator"],
        "judged_window_months": 1,
        "judged_value": series["value"],
        "judged_denominator": series["denominator"],
        "status": None,
        "status_reason": None,
        "history_complete": series["history_complete"],
        "history_note": series["history_note"],
        "target": series["metric_id"].map(metrics["target"]),
        "england_value": series["metric_id"].map(metrics["england_value"]),
    })


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
    history = serving_db.improvement_tracker_history(la_code)
    if history.empty:
        history = _from_metric_values(la_code, area_metrics)
    if history.empty:
        return []
    history = history.assign(month_start=pd.to_datetime(history["month_start"]))
    chosen = pd.Timestamp(month_start) if month_start is not None else history["month_start"].max()
    years = serving_db.complete_values(la_code, "financial_year")
    if not years.empty:
        years = years.assign(period_end=pd.to_datetime(years["period_end"]))
    # Each metric's rows, found once rather than by a pass over every row for each metric.
    by_metric = dict(tuple(history[history["month_start"] <= chosen].groupby("metric_id", sort=False)))
    latest_years = _latest_years(years, chosen + pd.offsets.MonthEnd(0))
    no_months = history.iloc[:0]
    cards = []
    for metric_id, metric in area_metrics.iterrows():
        months = by_metric.get(metric_id, no_months)
        if months.empty or months["month_start"].max() != chosen:
            reason = not_available_reason(la_code, metric_id, "month", chosen)
            if reason:
                cards.append(_not_available_card(metric, chosen, reason))
            continue
        cards.append(_card(metric, months.sort_values("month_start"), latest_years))
    return cards


def status_counts(cards: list[Card]) -> dict[str, int]:
    """How many cards have each status, in the order of STATUS_BADGES."""
    return {status: sum(card.status == status for card in cards) for status in STATUS_BADGES}
