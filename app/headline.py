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
    """One row per authority: its latest complete period, the value, the change (as
    latest_two gives them, worked out for every authority at once: a comparison of every
    authority has 150)."""
    every_authority = serving_db.latest_complete_values_of_all(grain)
    mine = (every_authority.loc[every_authority["metric_id"] == metric_id]
            if not every_authority.empty else pd.DataFrame(columns=["la_code", "period_start", "value"]))
    # Rows come newest first within each authority: its first row is its newest, its second the one before.
    first = ~mine["la_code"].duplicated()
    newest = mine.loc[first].set_index("la_code").reindex(codes)
    before = mine.loc[~first].drop_duplicates("la_code").set_index("la_code").reindex(codes)
    change = (newest["value"] - before["value"]).where(_trusted_rows(newest) & _trusted_rows(before))
    found = newest["period_start"].notna()
    return pd.DataFrame({
        "Authority": [f"LA {code}" for code in codes],
        "Latest complete period": [period_label(grain, start) if has else "none yet"
                                   for start, has in zip(newest["period_start"], found)],
        "Value": newest["value"].to_numpy(),
        "Change from the period before": change.to_numpy(),
    }, columns=["Authority", "Latest complete period", "Value", "Change from the period before"])


def _trusted_rows(rows: pd.DataFrame) -> pd.Series:
    """_trusted of every row at once; a row that is not there (NaN value) is no matter: its
    change is NaN already."""
    if "history_complete" not in rows:
        return pd.Series(True, index=rows.index)
    flags = rows["history_complete"]
    return flags.isna() | flags.fillna(True).astype(bool)


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
