"""How a metric is judged, in the app's words and colours: one place for all of it.

The improvement tracker (dbt) decides a metric's status; this module only says it: the badge
of each status, the colour a card's line and change take from it, which way is better for a
metric, and a change between two periods as better or worse (for a metric judged against a
band: closer to or further from it). A value that rests on too short a history
(metric_values.history_complete false) is never compared: `change_words` says so instead.

The catalogue's `judgement` is `higher_is_better`, `lower_is_better`, `within_band` or `none`
(a volume); an older catalogue without it is read from higher_is_better (`judgement_of`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from app.display_format import metric_value_label

ONE_WAY = ("higher_is_better", "lower_is_better")
WITHIN_BAND = "within_band"
NOT_JUDGED = "none"
HISTORY_TOO_SHORT = "history too short"
NOT_ENOUGH_DATA = "not enough data"
# The authority's deliveries cannot give the metric for the period (app.availability says why).
NOT_AVAILABLE = "not available"


@dataclass(frozen=True)
class Badge:
    label: str
    colour: str  # a colour of st.badge and st.metric: green, orange, red, gray
    icon: str


# In the order the overview counts them.
STATUS_BADGES = {
    "green": Badge("On track", "green", ":material/check_circle:"),
    "amber": Badge("Close", "orange", ":material/error:"),
    "red": Badge("Off track", "red", ":material/cancel:"),
    NOT_ENOUGH_DATA: Badge("Not enough data", "gray", ":material/help:"),
    HISTORY_TOO_SHORT: Badge("History too short", "gray", ":material/hourglass_empty:"),
    NOT_AVAILABLE: Badge("Not available", "gray", ":material/block:"),
}
NEUTRAL = "gray"


def is_missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def status_colour(status: object) -> str:
    """The colour of a card's line and change: its status's, grey when it is not judged."""
    badge = STATUS_BADGES.get(status) if isinstance(status, str) else None
    return badge.colour if badge is not None else NEUTRAL


def is_judged(status: object) -> bool:
    """Whether the status is a judgement against the reference (green, amber or red)."""
    return status in ("green", "amber", "red")


def judgement_of(row: pd.Series | dict) -> str:
    """The metric's judgement; from higher_is_better when the catalogue has no judgement."""
    judgement = row.get("judgement")
    if isinstance(judgement, str) and judgement:
        return judgement
    higher = row.get("higher_is_better")
    if is_missing(higher):
        return NOT_JUDGED
    return "higher_is_better" if bool(higher) else "lower_is_better"


def direction_words(judgement: str, band_low: object = None, band_high: object = None, kind: str = "rate") -> str:
    """Which way is better, in words."""
    if judgement == "higher_is_better":
        return "Higher is better"
    if judgement == "lower_is_better":
        return "Lower is better"
    if judgement == WITHIN_BAND:
        if is_missing(band_low) or is_missing(band_high):
            return "Best within a band around its reference: too high is as wrong as too low"
        return (f"Best within the band {metric_value_label(band_low, kind)} to "
                f"{metric_value_label(band_high, kind)}: too high is as wrong as too low")
    return "A volume of work: neither higher nor lower is better in itself"


def _gap_words(gap: float, kind: str) -> str:
    if kind == "rate":
        return f"{gap:.1f} points"
    if kind == "count":
        return f"{gap:,.0f}"
    return f"{gap:.1f}"


def distance_from_band(value: float, band_low: float, band_high: float) -> float:
    """How far a value lies outside the band (0 inside it, edges included)."""
    return max(band_low - value, value - band_high, 0.0)


def change_words(
    new: object,
    old: object,
    *,
    judgement: str,
    kind: str,
    before: str,
    band_low: object = None,
    band_high: object = None,
    comparable: bool = True,
) -> str | None:
    """The change from `old` (the value of the period named `before`) to `new`, as better or
    worse: '3.4 points better than September 2026', '2.0 points closer to the band than ...',
    'no change on ...'; for a volume, '12 more than ...'. None when there is nothing to
    compare: either value missing, or not `comparable` (one rests on too short a history)."""
    if not comparable or is_missing(new) or is_missing(old):
        return None
    new, old = float(new), float(old)
    if judgement == WITHIN_BAND and not (is_missing(band_low) or is_missing(band_high)):
        low, high = float(band_low), float(band_high)
        now, then = distance_from_band(new, low, high), distance_from_band(old, low, high)
        if math.isclose(now, then, abs_tol=1e-9):
            if now == 0:
                return f"within the band, as in {before}"
            return f"no nearer the band than {before}"
        closer = "closer to" if now < then else "further from"
        return f"{_gap_words(abs(now - then), kind)} {closer} the band than {before}"
    difference = new - old
    if math.isclose(difference, 0.0, abs_tol=1e-9):
        return f"no change on {before}"
    if judgement in ONE_WAY:
        better = (difference > 0) == (judgement == "higher_is_better")
        return f"{_gap_words(abs(difference), kind)} {'better' if better else 'worse'} than {before}"
    if kind == "count":
        return f"{abs(difference):,.0f} {'more' if difference > 0 else 'fewer'} than {before}"
    return f"{_gap_words(abs(difference), kind)} {'higher' if difference > 0 else 'lower'} than {before}"
