"""Teams and workers: each group's rate with its uncertainty, so small numbers are not
over-read; every group over time as small multiples; the cases behind a group's rate."""

import pandas as pd
import streamlit as st

from app import authority_choice, cohorts, serving_db, sign_in
from app.chart_display import show_chart
from app.charts import POSITION_LABELS, funnel_chart, group_panels, interval_chart
from app.confidence_intervals import compare_with_reference
from app.disclosure import SMALLEST_SHOWN
from app.display_format import MISSING, dimension_label, metric_value_label, with_period_labels
from app.metric_picker import catalogue, choose_grain, choose_metric

PAGE = "Teams and workers"

GROUP_DIMENSIONS = ("team", "worker")
# The letter's own example of uneven practice: thresholds for an initial conference after S47.
PREFERRED_METRIC = "s47_to_icpc"


def choose_period(rows: pd.DataFrame) -> pd.Timestamp:
    """A period of the grain, newest first, defaulting to the latest complete one."""
    periods = rows.drop_duplicates("period_start").sort_values("period_start", ascending=False)
    complete = periods[periods["period_complete"].astype(bool)]
    default = complete["period_start"].iloc[0] if not complete.empty else periods["period_start"].iloc[0]
    labels = dict(zip(periods["period_start"], periods["period"]))
    incomplete = set(periods.loc[~periods["period_complete"].astype(bool), "period_start"])
    options = periods["period_start"].tolist()
    return st.selectbox(
        "Period", options, index=options.index(default), key="compare_period",
        format_func=lambda start: labels[start] + (" (incomplete)" if start in incomplete else ""),
    )


def reference_rate(whole: pd.DataFrame, groups: pd.DataFrame) -> tuple[float, int, int]:
    """The authority's rate in percent, with its numerator and denominator.

    The published whole-authority row is used; if it is missing, the groups are pooled.
    """
    if not whole.empty and whole["denominator"].iloc[0]:
        numerator, denominator = int(whole["numerator"].iloc[0]), int(whole["denominator"].iloc[0])
    else:
        numerator, denominator = int(groups["numerator"].sum()), int(groups["denominator"].sum())
    return 100 * numerator / denominator, numerator, denominator


def render() -> None:
    la_code = authority_choice.require()
    st.title("Teams and workers: comparing fairly")
    st.markdown(
        "Are thresholds applied differently between teams or between workers? A rate from a handful "
        "of cases moves a long way by chance, so each group is shown with a **95% confidence "
        "interval** (Wilson): the range its underlying rate plausibly lies in. Only a group whose "
        "whole interval sits above or below the authority's rate differs by more than chance would "
        "explain. Small groups have wide intervals; they are not evidence either way."
    )
    metrics = catalogue()
    slices = serving_db.metric_slices([la_code])
    grouped = slices[slices["dimension"].isin(GROUP_DIMENSIONS)]
    rates = [m for m in grouped["metric_id"].unique() if m in metrics.index and metrics.loc[m, "kind"] == "rate"]
    if not rates:
        st.info(f"LA {la_code} has no rate published by team or worker yet.")
        return

    pick_metric, pick_group, pick_grain = st.columns([3, 1, 2])
    with pick_metric:
        metric_id = choose_metric(rates, metrics, key="compare_metric", preferred=PREFERRED_METRIC)
    with pick_group:
        available = [d for d in GROUP_DIMENSIONS if d in set(grouped.loc[grouped["metric_id"] == metric_id, "dimension"])]
        dimension = st.radio("Compare", available, key=f"compare_dimension_{metric_id}", format_func=dimension_label, horizontal=True)
    with pick_grain:
        grain = choose_grain(key="compare_grain", default="financial_year")
    rows = serving_db.metric_values([la_code], metric_id, grain, [dimension, "all"])
    group_rows = rows[rows["dimension"] == dimension]
    if group_rows.empty:
        st.info(f"No {dimension_label(dimension).lower()} figures for this measure by this period grain.")
        return
    rows = with_period_labels(rows)
    period_start = choose_period(rows[rows["dimension"] == dimension])
    in_period = rows[rows["period_start"] == period_start]
    groups = in_period[(in_period["dimension"] == dimension)].rename(columns={"dimension_value": "group"})
    empty_groups = groups.loc[groups["denominator"].fillna(0) == 0, "group"].tolist()
    groups = groups[groups["denominator"].fillna(0) > 0]
    if groups.empty:
        st.info("No group had any cases in this period.")
        return
    reference, met, cohort = reference_rate(in_period[in_period["dimension"] == "all"], groups)
    compared = compare_with_reference(groups, reference).sort_values("rate", ascending=False)

    period = in_period["period"].iloc[0]
    title = metrics.loc[metric_id, "title"]
    counts = compared["position"].value_counts()
    st.subheader(f"{title}, {period}")
    summary = st.columns(4)
    summary[0].metric("Authority", metric_value_label(reference, "rate"), help=f"{met} of {cohort}")
    summary[1].metric("Wholly above", int(counts.get("above", 0)), help=POSITION_LABELS["above"])
    summary[2].metric("Wholly below", int(counts.get("below", 0)), help=POSITION_LABELS["below"])
    summary[3].metric("Consistent with the authority", int(counts.get("within", 0)), help=POSITION_LABELS["within"])

    flagged = in_period[(in_period["dimension"] == "all") & ~in_period["history_complete"].astype(bool)]
    if not flagged.empty:
        st.warning(f"History too short: {flagged['history_note'].iloc[0]} Compare with care.")
    intervals, funnel, over_time = st.tabs(["Rates with intervals", "Funnel plot", "Every group over time"])
    with intervals:
        show_chart(interval_chart, compared, reference, dimension_label(dimension), width="stretch")
        st.caption(f"Dot: the group's rate; bar: its 95% interval; dashed line: the authority's rate. "
                   f"A group of fewer than {SMALLEST_SHOWN} cases is marked \"under {SMALLEST_SHOWN}\": "
                   "its rate moves a long way by chance.")
    with funnel:
        show_chart(funnel_chart, compared, reference, dimension_label(dimension), width="stretch")
        st.caption("Each dot is a group, placed by its cohort size. The funnel narrows as cohorts grow: "
                   "a dot outside the dashed 95% limits is one whose interval excludes the authority's "
                   "rate; outside the solid 99.8% limits, very unlikely to be chance.")
    with over_time:
        every_period = rows[rows["dimension"] == dimension]
        whole = rows[rows["dimension"] == "all"]
        show_chart(group_panels, every_period, whole, dimension_label(dimension), "Per cent", "rate", width="content")
        st.caption("One panel per group: its rate with its 95% interval (shaded), against the whole "
                   "authority's (dashed grey). Hollow triangles: fewer than 5 cases.")
    st.dataframe(
        compared.assign(position=compared["position"].map(POSITION_LABELS))[
            ["group", "numerator", "denominator", "rate", "low", "high", "position"]
        ],
        hide_index=True,
        placeholder=MISSING,
        column_config={
            "group": dimension_label(dimension),
            "numerator": "Met",
            "denominator": "Cohort size",
            "rate": st.column_config.NumberColumn("Rate (%)", format="%.1f"),
            "low": st.column_config.NumberColumn("95% interval from (%)", format="%.1f"),
            "high": st.column_config.NumberColumn("to (%)", format="%.1f"),
            "position": "Against the authority",
        },
    )
    if empty_groups:
        st.caption(f"No cases in {period}: {', '.join(empty_groups)}.")
    show_group_cases(la_code, metric_id, grain, dimension, compared, metrics)


def show_group_cases(la_code: str, metric_id: str, grain: str, dimension: str, compared: pd.DataFrame,
                     metrics: pd.DataFrame) -> None:
    """The cases behind one group's rate, for the roles that see cases."""
    viewer = sign_in.require_viewer()
    if not viewer.sees_case_rows:
        return
    st.subheader("The cases behind a group's rate")
    groups = compared["group"].tolist()
    group = st.selectbox(dimension_label(dimension), groups, key=f"compare_cases_{metric_id}_{dimension}")
    row = compared[compared["group"] == group].iloc[0]
    number = cohorts.Number(metric_id, grain, row["period_start"], row["period_end"], bool(row["period_complete"]),
                            dimension, group)
    cohorts.show_cohort(viewer, la_code, cohorts.cases_source(metric_id, metrics), number, cohorts.expected_size(row),
                        authority_choice.snapshot_date(la_code), set(metrics.index), PAGE, key="compare_cases")


render()
