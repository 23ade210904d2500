"""The app's Altair charts: a metric over time, and groups compared with their uncertainty."""

from __future__ import annotations

import altair as alt
import pandas as pd

from app.confidence_intervals import Z_95, Z_998, funnel_limits

COMPLETE = "Complete period"
INCOMPLETE = "Incomplete period (ends after the extract date)"
POSITION_COLOURS = {
    "above": "#7b3294",
    "below": "#e66101",
    "within": "#9e9e9e",
}
POSITION_LABELS = {
    "above": "Interval wholly above the authority",
    "below": "Interval wholly below the authority",
    "within": "Interval includes the authority's rate",
}


def _position_colour() -> alt.Color:
    """Colour by where a group's interval lies against the authority's rate."""
    return alt.Color(
        "position_label:N",
        title=None,
        scale=alt.Scale(domain=list(POSITION_LABELS.values()), range=list(POSITION_COLOURS.values())),
        legend=alt.Legend(orient="bottom", labelLimit=400),
    )


REFERENCE_COLOURS = {"Target": "#1b7837", "England": "#404040"}


def _reference_layer(references: dict[str, float | None]) -> alt.Chart | None:
    """Dashed horizontal lines (target, England) labelled with their values; None when there are none."""
    rows = [
        {"reference": f"{name}: {value:g}", "value": value, "colour": REFERENCE_COLOURS.get(name, "#404040")}
        for name, value in references.items()
        if value is not None and pd.notna(value)
    ]
    if not rows:
        return None
    return (
        alt.Chart(pd.DataFrame(rows))
        .mark_rule(strokeDash=[6, 4], strokeWidth=2)
        .encode(
            y="value:Q",
            color=alt.Color(
                "reference:N",
                title="Reference",
                scale=alt.Scale(domain=[r["reference"] for r in rows], range=[r["colour"] for r in rows]),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
            ),
            tooltip=[alt.Tooltip("reference:N", title="Reference")],
        )
    )


def _dashed_tail(rows: pd.DataFrame, series_field: str) -> pd.DataFrame:
    """For each series, its last complete point and its incomplete points: the dashed segment.

    Vectorised: a comparison of every authority draws 150 series, too many to loop over."""
    ordered = rows.sort_values("period_start", kind="stable")
    complete = ordered["period_complete"].astype(bool)
    has_incomplete = (~complete).groupby(ordered[series_field]).transform("any")
    later_complete = (
        ordered.loc[complete].duplicated(series_field, keep="last")
        .reindex(ordered.index, fill_value=True)
    )
    last_complete = complete & ~later_complete
    return ordered.loc[has_incomplete & (last_complete | ~complete)]


def trend_chart(
    rows: pd.DataFrame,
    series_field: str,
    series_title: str,
    value_title: str,
    references: dict[str, float | None],
) -> alt.LayerChart:
    """A metric over time: one line per series, incomplete periods hollow diamonds on a dashed segment.

    `rows` needs period_start, period (its label), period_complete, value, numerator,
    denominator and the series column.
    """
    data = rows.assign(
        period_status=rows["period_complete"].map(lambda complete: COMPLETE if complete else INCOMPLETE)
    )
    order = data.sort_values("period_start")["period"].drop_duplicates().tolist()
    x = alt.X("period:O", title=None, sort=order, axis=alt.Axis(labelAngle=-45))
    y = alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=True))
    colour = alt.Color(
        f"{series_field}:N", title=series_title, legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400)
    )
    complete_line = (
        alt.Chart(data[data["period_complete"].astype(bool)])
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=colour)
    )
    incomplete_line = (
        alt.Chart(_dashed_tail(data, series_field))
        .mark_line(strokeWidth=2, strokeDash=[3, 3], opacity=0.7)
        .encode(x=x, y=y, color=alt.Color(f"{series_field}:N", legend=None))
    )
    points = (
        alt.Chart(data)
        .mark_point(size=70, strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=alt.Color(f"{series_field}:N", legend=None),
            shape=alt.Shape(
                "period_status:N",
                title="Period",
                scale=alt.Scale(domain=[COMPLETE, INCOMPLETE], range=["circle", "diamond"]),
                legend=None,
            ),
            fill=alt.condition(
                alt.datum.period_complete, alt.Color(f"{series_field}:N", legend=None), alt.value("white")
            ),
            tooltip=[
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip(f"{series_field}:N", title=series_title),
                alt.Tooltip("value:Q", title=value_title, format=",.1f"),
                alt.Tooltip("numerator:Q", title="Numerator"),
                alt.Tooltip("denominator:Q", title="Denominator"),
                alt.Tooltip("period_status:N", title="Period"),
            ],
        )
    )
    # Written on the chart beside the point rather than in a legend: it cannot be missed there.
    incomplete_periods = data[~data["period_complete"].astype(bool)].sort_values("value").drop_duplicates("period", keep="last")
    incomplete_note = (
        alt.Chart(incomplete_periods)
        .mark_text(dy=-14, fontSize=11, color="#555")
        .encode(x=x, y=y, text=alt.value("incomplete"))
    )
    layers = [complete_line, incomplete_line, points, incomplete_note]
    reference = _reference_layer(references)
    if reference is not None:
        layers.append(reference)
    return alt.layer(*layers).resolve_scale(color="independent").properties(height=480)


def interval_chart(groups: pd.DataFrame, reference_rate: float, group_title: str) -> alt.LayerChart:
    """Each group's rate with its 95% interval, ordered, against the authority's rate.

    `groups` needs group, rate, low, high (percentages), numerator, denominator and position.
    """
    order = groups.sort_values("rate", ascending=False)["group"].tolist()
    y = alt.Y("group:N", title=group_title, sort=order)
    colour = _position_colour()
    data = groups.assign(position_label=groups["position"].map(POSITION_LABELS))
    tooltip = [
        alt.Tooltip("group:N", title=group_title),
        alt.Tooltip("numerator:Q", title="Met"),
        alt.Tooltip("denominator:Q", title="Cohort"),
        alt.Tooltip("rate:Q", title="Rate %", format=".1f"),
        alt.Tooltip("low:Q", title="95% interval from", format=".1f"),
        alt.Tooltip("high:Q", title="to", format=".1f"),
    ]
    base = alt.Chart(data)
    bars = base.mark_rule(strokeWidth=3).encode(
        y=y, x=alt.X("low:Q", title="Rate (%) with 95% interval", scale=alt.Scale(domain=[0, 100])), x2="high:Q", color=colour, tooltip=tooltip
    )
    dots = base.mark_point(filled=True, size=90).encode(y=y, x="rate:Q", color=colour, tooltip=tooltip)
    labels = base.mark_text(align="left", dx=6, dy=-9, fontSize=11, color="#555").encode(
        y=y, x="rate:Q", text=alt.Text("cohort_label:N")
    )
    authority = alt.Chart(pd.DataFrame({"rate": [reference_rate]})).mark_rule(strokeDash=[6, 4], color="#404040").encode(x="rate:Q")
    # Streamlit fits the whole chart, axes and legend included, into this height.
    height = 170 + 40 * len(order)
    return alt.layer(bars, dots, labels.transform_calculate(cohort_label="'n = ' + datum.denominator"), authority).properties(height=height)


def funnel_chart(groups: pd.DataFrame, reference_rate: float, group_title: str) -> alt.LayerChart:
    """Rate against cohort size, inside the 95% and 99.8% limits around the authority's rate."""
    largest = int(max(groups["denominator"].max(), 10))
    proportion = reference_rate / 100
    limits = []
    for trials in range(1, largest + 2):
        for name, z in (("95% limits", Z_95), ("99.8% limits", Z_998)):
            low, high = funnel_limits(proportion, trials, z)
            limits.append({"denominator": trials, "limit": name, "low": 100 * low, "high": 100 * high})
    limit_data = pd.DataFrame(limits)
    dash = alt.StrokeDash("limit:N", title="Funnel", scale=alt.Scale(domain=["95% limits", "99.8% limits"], range=[[4, 3], [1, 0]]))
    lower = alt.Chart(limit_data).mark_line(color="#777").encode(x="denominator:Q", y="low:Q", strokeDash=dash)
    upper = alt.Chart(limit_data).mark_line(color="#777").encode(x="denominator:Q", y="high:Q", strokeDash=dash)
    data = groups.assign(position_label=groups["position"].map(POSITION_LABELS))
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("denominator:Q", title="Cohort size"),
            y=alt.Y("rate:Q", title="Rate (%)", scale=alt.Scale(domain=[0, 100])),
            color=_position_colour(),
            tooltip=[
                alt.Tooltip("group:N", title=group_title),
                alt.Tooltip("denominator:Q", title="Cohort"),
                alt.Tooltip("rate:Q", title="Rate %", format=".1f"),
            ],
        )
    )
    centre = alt.Chart(pd.DataFrame({"rate": [reference_rate]})).mark_rule(color="#404040").encode(y="rate:Q")
    return alt.layer(lower, upper, centre, points).properties(height=480)
