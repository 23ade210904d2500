"""An authority's headline figure of a metric: its latest complete period and the change."""

from __future__ import annotations

import pandas as pd

from app import serving_db
from app.display_format import period_label


def latest_two(code: str, metric_id: str, grain: str) -> tuple[pd.Series | None, float | None]:
    """The authority's latest complete period of the metric (None when it has none) and the
    change of value from the period before (None when there is no period before, no value, or
    either rests on too short a history)."""
    return _latest_two(serving_db.latest_complete_values(code, grain), metric_id)


def headline_table(codes: list[str], metric_id: str, grain: str) -> pd.DataFrame:
    """One row per authority: its latest complete period, the value, the change."""
    every_authority = serving_db.latest_complete_values_of_all(grain)
    by_authority = (
        dict(tuple(every_authority.loc[every_authority["metric_id"] == metric_id].groupby("la_code")))
        if not every_authority.empty else {}
    )
    rows = []
    for code in codes:
        newest, change = _latest_two(by_authority.get(code, pd.DataFrame(columns=["metric_id"])), metric_id)
        rows.append({
            "Authority": f"LA {code}",
            "Latest complete period": "none yet" if newest is None else period_label(grain, newest["period_start"]),
            "Value": None if newest is None else newest["value"],
            "Change from the period before": change,
        })
    return pd.DataFrame(rows, columns=["Authority", "Latest complete period", "Value",
                                       "Change from the period before"])


def _trusted(row: pd.Series) -> bool:
    flag = row.get("history_complete", True)
    return True if flag is None or pd.isna(flag) else bool(flag)


def _latest_two(latest: pd.DataFrame, metric_id: str) -> tuple[pd.Series | None, float | None]:
    """From rows newest first (latest_complete_values), the metric's newest and its change.
    A value resting on too short a history (history_complete false) is never compared."""
    latest = latest[latest["metric_id"] == metric_id]
    if latest.empty:
        return None, None
    newest = latest.iloc[0]
    if len(latest) < 2 or not (_trusted(newest) and _trusted(latest.iloc[1])):
        return newest, None
    change = newest["value"] - latest.iloc[1]["value"]
    return newest, None if pd.isna(change) else float(change)
