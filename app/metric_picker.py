"""Choosing what to look at: a metric from the catalogue, a period grain, a period."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from app import serving_db
from app.display_format import GRAIN_LABELS
from app.improvement_areas import CONTEXT_AREA

CATALOGUE_COLUMNS = (
    "metric_id", "title", "improvement_area", "kind", "unit", "higher_is_better",
    "target", "england_value", "definition",
)


def catalogue() -> pd.DataFrame:
    """The metric catalogue indexed by metric_id, in the letter's order (context volumes last)."""
    table = serving_db.metric_catalogue()
    if table.empty:
        return pd.DataFrame(columns=CATALOGUE_COLUMNS).set_index("metric_id")
    missing = [c for c in CATALOGUE_COLUMNS if c not in table.columns]
    if missing:
        raise serving_db.ServingDatabaseError(
            f"The published metric_catalogue has no column {missing}; the app expects "
            f"{list(CATALOGUE_COLUMNS)}."
        )
    area_order = table["improvement_area"].where(table["improvement_area"] != CONTEXT_AREA, 99)
    # Within an area, keep the catalogue's own order (the order of the metric definitions).
    return (
        table.assign(_order=area_order).sort_values("_order", kind="stable")
        .drop(columns="_order").set_index("metric_id")
    )


def metric_label(metric_id: str, catalogue_rows: pd.DataFrame) -> str:
    if metric_id not in catalogue_rows.index:
        return metric_id
    row = catalogue_rows.loc[metric_id]
    area = int(row["improvement_area"])
    prefix = "Context" if area == CONTEXT_AREA else f"Area {area}"
    return f"{prefix} · {row['title']}"


def ordered_metric_ids(available: Sequence[str], catalogue_rows: pd.DataFrame) -> list[str]:
    """`available` metric ids in catalogue order; ids missing from the catalogue come last."""
    known = [m for m in catalogue_rows.index if m in set(available)]
    return known + sorted(set(available) - set(known))


def choose_metric(
    available: Sequence[str], catalogue_rows: pd.DataFrame, key: str, preferred: str | None = None
) -> str:
    options = ordered_metric_ids(available, catalogue_rows)
    index = options.index(preferred) if preferred in options else 0
    return st.selectbox(
        "Metric", options, index=index, key=key, format_func=lambda m: metric_label(m, catalogue_rows)
    )


def choose_grain(key: str, default: str = "month") -> str:
    grains = list(GRAIN_LABELS)
    return st.radio(
        "Period type", grains, index=grains.index(default), key=key, horizontal=True,
        format_func=GRAIN_LABELS.get,
    )


def kind_of(metric_id: str, catalogue_rows: pd.DataFrame) -> str:
    """rate, count or median; a metric missing from the catalogue is shown as a plain number."""
    return str(catalogue_rows.loc[metric_id, "kind"]) if metric_id in catalogue_rows.index else "number"
