"""Showing the app's Altair charts without checking their specs at every run.

`st.altair_chart` turns a chart into its vega-lite spec with `chart.to_dict()`, which checks
the whole spec against the vega-lite schema: on a national page that check is a fifth of the
run, repeated at every click for charts the code builds the same way each time. Here the spec is
made without the check (`validate=False`) and handed to `st.vega_lite_chart`; the check is the
tests' (tests/app/test_app_charts.py checks the spec of every chart the app draws).

The spec is made the way Streamlit makes it: no Altair theme (its default sizes do not suit a
page), and each table of the chart sent once, as Arrow, under a name that is the hash of its
bytes (the same data is the same name at every run, so the browser keeps its chart).
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st
from streamlit import dataframe_util

TRANSFORMER = "app_arrow_datasets"
# Altair's theme and data transformer are global: one conversion at a time (the server runs
# sessions in threads).
_altair_settings = threading.Lock()


def _arrow_dataset(data: pd.DataFrame, datasets: dict[str, bytes]) -> dict[str, str]:
    """An Altair data transformer: the table kept as Arrow bytes, the spec naming it."""
    arrow = dataframe_util.convert_anything_to_arrow_bytes(data)
    name = hashlib.md5(arrow, usedforsecurity=False).hexdigest()
    datasets[name] = arrow
    return {"name": name}


alt.data_transformers.register(TRANSFORMER, _arrow_dataset)


def vega_lite_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's vega-lite spec, unchecked, its tables under `datasets` as Arrow bytes."""
    datasets: dict[str, bytes] = {}
    with _altair_settings, alt.theme.enable("none"), alt.data_transformers.enable(TRANSFORMER, datasets=datasets):
        spec = chart.to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def show_chart(chart: alt.TopLevelMixin, width: Literal["stretch", "content"]) -> None:
    """Draw the chart on the page, as `st.altair_chart(chart, width=width)` would."""
    st.vega_lite_chart(vega_lite_spec(chart), width=width)
