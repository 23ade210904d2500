"""The overview's scorecard: one row per improvement-area metric of an authority.

The improvement tracker is the source when it is published: it carries each metric's latest
complete month and year, the change, the target, the England figure and a red/amber/green status.
Before it is published the same rows are made from metric_values and the catalogue, without a
status, so the overview still answers "where are we?". A metric of the areas that the
authority's deliveries cannot give has a row too, with the status `not available` and the reason
(app.availability), so that its card says why instead of showing nothing.
"""

from __future__ import annotations

import pandas as pd

from app import serving_db
from app.availability import unavailable_metrics
from app.improvement_areas import AREA_TITLES
from app.metric_picker import catalogue

SCORECARD_COLUMNS = [
    "improvement_area", "area_title", "metric_id", "metric_title", "kind", "higher_is_better",
    "latest_month_start", "latest_month_value", "latest_month_denominator", "month_change",
    "latest_year_start", "latest_year_value", "latest_year_denominator", "target",
    "england_value", "status", "status_reason",
]

STATUS_BADGES = {
    "green": ("On track", "green", ":material/check_circle:"),
    "amber": ("Close", "orange", ":material/error:"),
    "red": ("Off track", "red", ":material/cancel:"),
    "not enough data": ("Not enough data", "gray", ":material/help:"),
    "not available": ("Not available", "gray", ":material/block:"),
}


def has_tracker() -> bool:
    return serving_db.has_table("improvement_tracker")


def _latest_two(la_code: str, grain: str) -> pd.DataFrame:
    """Per metric: the latest complete period's start, value and cohort, and the change."""
    values = serving_db.latest_complete_values(la_code, grain)
    if values.empty:
        return pd.DataFrame(columns=["metric_id", "start", "value", "denominator", "change"])
    newest = values[values["recency"] == 1].set_index("metric_id")
    before = values[values["recency"] == 2].set_index("metric_id")["value"]
    return pd.DataFrame({
        "start": newest["period_start"],
        "value": newest["value"],
        "denominator": newest["denominator"],
        "change": newest["value"] - before.reindex(newest.index),
    }).reset_index()


def _catalogue_columns(rows: pd.DataFrame) -> dict[str, object]:
    """The scorecard's columns that come from the catalogue, for catalogue rows."""
    return {
        "improvement_area": rows["improvement_area"].astype(int),
        "area_title": rows["improvement_area"].map(AREA_TITLES),
        "metric_id": rows.index,
        "metric_title": rows["title"],
        "kind": rows["kind"],
        "higher_is_better": rows["higher_is_better"],
        "target": rows["target"],
        "england_value": rows["england_value"],
    }


def _from_metric_values(la_code: str, metrics: pd.DataFrame) -> pd.DataFrame:
    """The scorecard without the tracker: latest complete month and year, no status."""
    area_metrics = metrics[metrics["improvement_area"].isin(AREA_TITLES)]
    month = _latest_two(la_code, "month").set_index("metric_id")
    year = _latest_two(la_code, "financial_year").set_index("metric_id")
    present = [m for m in area_metrics.index if m in month.index or m in year.index]
    rows = area_metrics.loc[present]
    return pd.DataFrame({
        **_catalogue_columns(rows),
        "latest_month_start": month["start"].reindex(rows.index),
        "latest_month_value": month["value"].reindex(rows.index),
        "latest_month_denominator": month["denominator"].reindex(rows.index),
        "month_change": month["change"].reindex(rows.index),
        "latest_year_start": year["start"].reindex(rows.index),
        "latest_year_value": year["value"].reindex(rows.index),
        "latest_year_denominator": year["denominator"].reindex(rows.index),
        "status": None,
        "status_reason": None,
    })[SCORECARD_COLUMNS].reset_index(drop=True)


def _not_available(la_code: str, metrics: pd.DataFrame, shown: pd.Series) -> pd.DataFrame:
    """Rows for the metrics of the areas the authority's deliveries cannot give that the
    scorecard has no row for: status `not available`, the reason as status_reason."""
    reasons = unavailable_metrics(la_code)
    missing = [
        m for m in metrics.index
        if m in reasons and m not in set(shown) and metrics.loc[m, "improvement_area"] in AREA_TITLES
    ]
    rows = metrics.loc[missing]
    return pd.DataFrame({
        **_catalogue_columns(rows),
        "status": "not available",
        "status_reason": [reasons[m] for m in missing],
    }).reindex(columns=SCORECARD_COLUMNS).reset_index(drop=True)


def scorecard_rows(la_code: str) -> pd.DataFrame:
    """The authority's scorecard rows in the letter's order (see SCORECARD_COLUMNS)."""
    metrics = catalogue()
    if not has_tracker():
        rows = _from_metric_values(la_code, metrics)
    else:
        tracker = serving_db.improvement_tracker(la_code)
        kinds = metrics["kind"] if "kind" in metrics else pd.Series(dtype=object)
        rows = tracker.assign(kind=tracker["metric_id"].map(kinds).fillna("number"))
    absent = _not_available(la_code, metrics, rows["metric_id"] if "metric_id" in rows else pd.Series(dtype=object))
    if not absent.empty:
        rows = absent if rows.empty else pd.concat([rows, absent.reindex(columns=rows.columns)], ignore_index=True)
    catalogue_order = {metric_id: position for position, metric_id in enumerate(metrics.index)}
    rows = rows.assign(_order=rows["metric_id"].map(catalogue_order).fillna(len(catalogue_order)))
    return rows.sort_values(["improvement_area", "_order", "metric_id"])[SCORECARD_COLUMNS].reset_index(drop=True)


def monthly_trends(la_code: str) -> dict[str, list[float]]:
    """Each metric's complete monthly whole-authority values, oldest first, for sparklines."""
    series = serving_db.monthly_headline_series(la_code)
    if series.empty:
        return {}
    complete = series[series["period_complete"].astype(bool) & series["value"].notna()]
    return {metric: group["value"].astype(float).tolist() for metric, group in complete.groupby("metric_id")}


def status_counts(rows: pd.DataFrame) -> dict[str, int]:
    """How many metrics have each status, in the order green, amber, red, not enough data,
    not available."""
    counts = rows["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in STATUS_BADGES}
