"""Showing the app's Altair charts without checking their specs at every run.

`st.altair_chart` turns a chart into its vega-lite spec with `chart.to_dict()`, which checks
the whole spec against the vega-lite schema: on a national page that check is a fifth of the
run, repeated at every click for charts the code builds the same way each time. Here the spec is
made without the check (`validate=False`) and handed to `st.vega_lite_chart`; the check is the
tests' (tests/app/test_app_charts.py checks the spec of every chart the app draws). For the
same reason the chart is built with Altair's debug mode off, which would otherwise check each
axis, scale and legend against the schema as it is made (a third of building a chart of teams).

The spec is made the way Streamlit makes it: no Altair theme (its default sizes do not suit a
page), and each table of the chart sent once, as Arrow, under a name that is the hash of its
bytes (the same data is the same name at every run, so the browser keeps its chart).

Building the chart itself (Altair's objects, then its dict) is most of what is left, and a
revisit, or a widget elsewhere on the page, builds the same chart from the same tables: so the
spec is kept, under a digest of everything the chart is built from (the chart function and its
arguments, tables whole: app/table_digest.py).
The same inputs are the same chart whichever file they were read from, so no file identity is
needed in the key.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st
from altair.utils.schemapi import debug_mode
from streamlit import dataframe_util

from app import serving_db
from app.table_digest import digest

TRANSFORMER = "app_arrow_datasets"
# Altair's theme, data transformer and debug mode are global: one chart at a time (the server
# runs sessions in threads).
_altair_settings = threading.Lock()


def _arrow_dataset(data: pd.DataFrame, datasets: dict[str, bytes]) -> dict[str, str]:
    """An Altair data transformer: the table kept as Arrow bytes, the spec naming it."""
    arrow = dataframe_util.convert_anything_to_arrow_bytes(data)
    name = hashlib.md5(arrow, usedforsecurity=False).hexdigest()
    datasets[name] = arrow
    return {"name": name}


alt.data_transformers.register(TRANSFORMER, _arrow_dataset)


def vega_lite_spec(build: Callable[..., alt.TopLevelMixin], *arguments: object) -> dict[str, Any]:
    """The vega-lite spec of the chart `build(*arguments)`, built and converted unchecked, its
    tables under `datasets` as Arrow bytes."""
    datasets: dict[str, bytes] = {}
    with (_altair_settings, debug_mode(False), alt.theme.enable("none"),
          alt.data_transformers.enable(TRANSFORMER, datasets=datasets)):
        spec = build(*arguments).to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def show_chart(build: Callable[..., alt.TopLevelMixin], *arguments: object,
               width: Literal["stretch", "content"]) -> None:
    """Draw `build(*arguments)` on the page, as `st.altair_chart(chart, width=width)` would,
    building it only when no chart was built from the same arguments."""
    key = digest(f"{build.__module__}.{build.__qualname__}", *arguments)
    st.vega_lite_chart(_kept_spec(key, build, arguments), width=width)


@st.cache_data(ttl=serving_db.CACHE_SECONDS, show_spinner=False, max_entries=64)
def _kept_spec(key: str, _build: Callable[..., alt.TopLevelMixin], _arguments: tuple) -> dict[str, Any]:
    """vega_lite_spec(_build, *_arguments), kept under `key`, their hash (Streamlit does not
    hash the arguments whose names begin with _)."""
    return vega_lite_spec(_build, *_arguments)
