"""The banner a leader sees first when an authority's latest delivery is not behind its figures
as it should be: refused (rejected), held for review (loaded for checking, not used: it would
have replaced good figures with bad ones), or loaded but stale (its newest activity is long
before its extract date: an old export under a new date, marts.delivery_freshness).

Each reason is one entry of REASONS (its wording) and one function of DETECTORS (when it
applies); the first detector that finds something wins.

The banner always says which figures the page is still showing (the extract date in use), and
when and why the latest delivery was refused, is held or is stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app import serving_db
from app.display_format import date_label, timestamp_label


@dataclass(frozen=True)
class Reason:
    title: str
    # Filled from a DeliveryNotice: {delivery}, {received}, {why}, {figures}.
    body: str
    icon: str


REASONS = {
    "rejected": Reason(
        "The latest delivery was refused",
        "The delivery with extract date {delivery}, received {received}, was refused: {why} "
        "Nothing of it was loaded. The figures below are still those of the extract of {figures}.",
        ":material/block:",
    ),
    "held": Reason(
        "The latest delivery is held for review",
        "The delivery with extract date {delivery}, received {received}, is held for review: {why} "
        "It is loaded for checking but not used until it has been checked and accepted. The "
        "figures below are still those of the extract of {figures}.",
        ":material/pause_circle:",
    ),
    "stale": Reason(
        "The latest delivery looks like an old export",
        "The delivery with extract date {delivery}, received {received}, was loaded, but {why} "
        "The figures below are those of this extract ({figures}); work recorded after its "
        "newest activity may be missing from them.",
        ":material/history:",
    ),
}


@dataclass(frozen=True)
class DeliveryNotice:
    reason: str  # a key of REASONS
    la_code: str
    delivery_date: object  # the extract date of the latest delivery
    received_at: object  # when it was loaded or refused
    why: str
    figures_date: object  # the extract date of the figures in use

    def text(self) -> str:
        reason = REASONS[self.reason]
        return reason.body.format(
            delivery=date_label(self.delivery_date),
            received=timestamp_label(self.received_at),
            why=_sentence(self.why),
            figures=date_label(self.figures_date),
        )


def _sentence(words: object) -> str:
    text = str(words).strip() if isinstance(words, str) and words.strip() else "no reason was recorded."
    return text if text.endswith((".", "!", "?")) else text + "."


def _latest_attempt(loads: pd.DataFrame, la_code: str) -> pd.Series | None:
    """The authority's delivery with the newest extract date (its last attempt at that date)."""
    mine = loads[loads["la_code"] == la_code]
    if mine.empty:
        return None
    return mine.sort_values(["snapshot_date", "finished_at"], ascending=False).iloc[0]


def _latest_with_status(status: str):
    """A detector: the authority's latest attempt has this ledger status (its key of REASONS
    the same word)."""
    def detect(la_code: str, figures_date: object, loads: pd.DataFrame) -> DeliveryNotice | None:
        latest = _latest_attempt(loads, la_code)
        if latest is None or latest["status"] != status:
            return None
        return DeliveryNotice(status, la_code, latest["snapshot_date"], latest["finished_at"],
                              latest["message"], figures_date)
    return detect


_refused = _latest_with_status("rejected")
_held = _latest_with_status("held")


def _stale(la_code: str, figures_date: object, loads: pd.DataFrame) -> DeliveryNotice | None:
    freshness = serving_db.delivery_freshness()
    if freshness.empty:
        return None
    current = freshness[(freshness["la_code"] == la_code) & freshness["is_current"].astype(bool)]
    if current.empty or not bool(current["is_stale"].iloc[0]):
        return None
    row = current.iloc[0]
    load = loads[loads["load_id"] == row["load_id"]]
    received = load["finished_at"].iloc[0] if not load.empty else None
    why = row["stale_note"]
    if isinstance(why, str) and why.startswith("It"):  # "It holds ...", "Its newest ..."
        why = "i" + why[1:]
    return DeliveryNotice("stale", la_code, row["extract_date"], received, why, figures_date)


DETECTORS: tuple[Callable[[str, object, pd.DataFrame], DeliveryNotice | None], ...] = (
    _refused, _held, _stale)


def latest_delivery_notice(la_code: str, figures_date: object) -> DeliveryNotice | None:
    """Why the authority's latest delivery needs a word, or None when it is the one in use and
    fresh. `figures_date` is the extract date of the figures the app shows."""
    loads = serving_db.snapshot_loads()
    if loads.empty:
        return None
    for detect in DETECTORS:
        notice = detect(la_code, figures_date, loads)
        if notice is not None:
            return notice
    return None


def show_banner(notice: DeliveryNotice | None) -> None:
    """The banner, above everything else on the page (nothing when there is no notice)."""
    if notice is None:
        return
    reason = REASONS[notice.reason]
    st.warning(f"**{reason.title}.** {notice.text()}", icon=reason.icon)
