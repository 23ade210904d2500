"""The app's Altair charts: a metric over time, and groups compared with their uncertainty."""

from __future__ import annotations

import altair as alt
import pandas as pd

from app.confidence_intervals import Z_95, Z_998, funnel_limits, wilson_interval
from app.disclosure import SMALLEST_SHOWN

COMPLETE = "Complete period"
INCOMPLETE = "Incomplete period (ends after the extract date)"
HISTORY_LONG_ENOUGH = "Long enough"
# Values resting on too short a history: grey, hollow, apart from the line.
FLAGGED_COLOUR = "#9e9e9e"
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
            y=alt.Y("value:Q"),
            color=alt.Color(
                "reference:N",
                title="Reference",
                scale=alt.Scale(domain=[r["reference"] for r in rows], range=[r["colour"] for r in rows]),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400),
            ),
            tooltip=[alt.Tooltip("reference:N", title="Reference")],
        )
    )


def _sort_order(values: pd.Series) -> tuple:
    """An axis's order as a tuple: Altair copies every list of a chart at each layer and
    property it adds (a line of 55 months is copied hundreds of times), never a tuple; the
    spec says the same list either way."""
    return tuple(values)


def _dashed_tail(rows: pd.DataFrame, series_field: str) -> pd.DataFrame:
    """For each series, its last drawn complete point and its incomplete points: the dashed
    segment. `rows` are the points on the line (flagged ones are drawn apart).

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


def _history_flags(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Whether each row's history is long enough, and what the tooltip says about it."""
    if "history_complete" not in rows:
        return pd.Series(True, index=rows.index), pd.Series(HISTORY_LONG_ENOUGH, index=rows.index)
    trusted = rows["history_complete"].fillna(True).astype(bool)
    notes = rows["history_note"].where(~trusted).fillna(HISTORY_LONG_ENOUGH)
    return trusted, ("Too short: " + notes).where(~trusted, HISTORY_LONG_ENOUGH)


def trend_chart(
    rows: pd.DataFrame,
    series_field: str,
    series_title: str,
    value_title: str,
    references: dict[str, float | None],
) -> alt.LayerChart:
    """A metric over time: one line per series; incomplete periods hollow diamonds on a dashed
    segment; values whose history is too short (history_complete false) hollow grey circles
    off the line, their reason on hover.

    `rows` needs period_start, period (its label), period_complete, value, numerator,
    denominator and the series column; history_complete and history_note when it has them.
    """
    trusted, history = _history_flags(rows)
    data = rows.assign(
        period_status=rows["period_complete"].map(lambda complete: COMPLETE if complete else INCOMPLETE),
        history=history,
        trusted=trusted,
    )
    drawn = data[data["trusted"]]
    flagged = data[~data["trusted"]]
    order = _sort_order(data.sort_values("period_start")["period"].drop_duplicates())
    x = alt.X("period:O", title=None, sort=order, axis=alt.Axis(labelAngle=-45))
    y = alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=True))
    colour = alt.Color(
        f"{series_field}:N", title=series_title, legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=400)
    )
    tooltip = [
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip(f"{series_field}:N", title=series_title),
        alt.Tooltip("value:Q", title=value_title, format=",.1f"),
        alt.Tooltip("numerator:Q", title="Met"),
        alt.Tooltip("denominator:Q", title="Cases"),
        alt.Tooltip("period_status:N", title="Period"),
        alt.Tooltip("history:N", title="History"),
    ]
    complete_line = (
        alt.Chart(drawn[drawn["period_complete"].astype(bool)])
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=colour)
    )
    incomplete_line = (
        alt.Chart(_dashed_tail(drawn, series_field))
        .mark_line(strokeWidth=2, strokeDash=[3, 3], opacity=0.7)
        .encode(x=x, y=y, color=alt.Color(f"{series_field}:N", legend=None))
    )
    points = (
        alt.Chart(drawn)
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
            fill=alt.FillValue(**alt.condition(
                alt.datum.period_complete, alt.Color(f"{series_field}:N", legend=None), alt.value("white")
            )),
            tooltip=tooltip,
        )
    )
    # Drawn apart: grey, hollow, off the line, with the reason on hover.
    short_history = (
        alt.Chart(flagged)
        .mark_point(size=70, strokeWidth=2, color=FLAGGED_COLOUR, fill="white", filled=False, shape="circle")
        .encode(x=x, y=y, tooltip=tooltip)
    )
    # Written on the chart beside the point rather than in a legend: it cannot be missed there.
    incomplete_periods = data[~data["period_complete"].astype(bool)].sort_values("value").drop_duplicates("period", keep="last")
    incomplete_note = (
        alt.Chart(incomplete_periods)
        .mark_text(dy=-14, fontSize=11, color="#555")
        .encode(x=x, y=y, text=alt.TextValue("incomplete"))
    )
    layers = [complete_line, incomplete_line, points, short_history, incomplete_note]
    reference = _reference_layer(references)
    if reference is not None:
        layers.append(reference)
    return alt.layer(*layers, resolve=alt.Resolve(scale=alt.ScaleResolveMap(color="independent")), height=480)


def interval_chart(groups: pd.DataFrame, reference_rate: float, group_title: str) -> alt.LayerChart:
    """Each group's rate with its 95% interval, ordered, against the authority's rate.

    `groups` needs group, rate, low, high (percentages), numerator, denominator and position.
    """
    order = _sort_order(groups.sort_values("rate", ascending=False)["group"])
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
        y=y, x=alt.X("low:Q", title="Rate (%) with 95% interval", scale=alt.Scale(domain=[0, 100])), x2=alt.X2("high:Q"),
        color=colour, tooltip=tooltip
    )
    rate = alt.X("rate:Q")
    dots = base.mark_point(filled=True, size=90).encode(y=y, x=rate, color=colour, tooltip=tooltip)
    labels = base.mark_text(align="left", dx=6, dy=-9, fontSize=11, color="#555").encode(
        y=y, x=rate, text=alt.Text("cohort_label:N")
    )
    authority = alt.Chart(pd.DataFrame({"rate": [reference_rate]})).mark_rule(strokeDash=[6, 4], color="#404040").encode(x=rate)
    # Streamlit fits the whole chart, axes and legend included, into this height.
    height = 170 + 40 * len(order)
    cohort_label = f"'n = ' + datum.denominator + (datum.denominator < {SMALLEST_SHOWN} ? ' (under {SMALLEST_SHOWN})' : '')"
    return alt.layer(bars, dots, labels.transform_calculate(cohort_label=cohort_label), authority, height=height)


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
    cohort = alt.X("denominator:Q")
    lower = alt.Chart(limit_data).mark_line(color="#777").encode(x=cohort, y=alt.Y("low:Q"), strokeDash=dash)
    upper = alt.Chart(limit_data).mark_line(color="#777").encode(x=cohort, y=alt.Y("high:Q"), strokeDash=dash)
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
    centre = alt.Chart(pd.DataFrame({"rate": [reference_rate]})).mark_rule(color="#404040").encode(y=alt.Y("rate:Q"))
    return alt.layer(lower, upper, centre, points, height=480)


SMALL_COHORT = "Under 5 cases"
LARGE_COHORT = "5 or more cases"
TEAM_COLOUR = "#2166ac"
AUTHORITY_COLOUR = "#404040"


def group_panels(rows: pd.DataFrame, authority: pd.DataFrame, group_title: str, value_title: str,
                 kind: str, columns: int = 3) -> alt.FacetChart:
    """Teams (or workers) as small multiples: one panel per group, its line against the whole
    authority's (dashed grey), with its 95% confidence band for a rate, points of cohorts
    under 5 hollow triangles (a rate from so few moves a long way by chance), and values whose
    history is too short grey and off the line.

    `rows` are metric_values rows of one slice with a `period` label; `authority` the same
    metric's whole-authority rows of the same periods.
    """
    trusted, history = _history_flags(rows)
    authority_trusted, _ = _history_flags(authority)
    whole = authority[authority_trusted].set_index("period_start")["value"]
    data = rows.assign(
        group=rows["dimension_value"],
        authority_value=rows["period_start"].map(whole),
        trusted=trusted,
        history=history,
        cohort=rows["denominator"].map(lambda n: SMALL_COHORT if 0 < (n or 0) < SMALLEST_SHOWN else LARGE_COHORT),
    )
    if kind == "rate":
        bands = [
            wilson_interval(int(k), int(n)) if n and n > 0 and pd.notna(k) else (None, None)
            for k, n in zip(data["numerator"], data["denominator"])
        ]
        data = data.assign(low=[None if lo is None else 100 * lo for lo, _ in bands],
                           high=[None if hi is None else 100 * hi for _, hi in bands])
    order = _sort_order(data.sort_values("period_start")["period"].drop_duplicates())
    x = alt.X("period:O", title=None, sort=order, axis=alt.Axis(labelAngle=-45, labelOverlap=True))
    y = alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=True))
    tooltip = [
        alt.Tooltip("group:N", title=group_title),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("value:Q", title=value_title, format=",.1f"),
        alt.Tooltip("numerator:Q", title="Met"),
        alt.Tooltip("denominator:Q", title="Cases"),
        alt.Tooltip("authority_value:Q", title="Whole authority", format=",.1f"),
        alt.Tooltip("history:N", title="History"),
    ]
    on_line = alt.datum.trusted
    layers = []
    if kind == "rate":
        layers.append(alt.Chart().mark_area(opacity=0.18, color=TEAM_COLOUR)
                      .encode(x=x, y=alt.Y("low:Q", title=value_title), y2=alt.Y2("high:Q"))
                      .transform_filter(on_line))
    layers += [
        alt.Chart().mark_line(color=AUTHORITY_COLOUR, strokeDash=[4, 3], strokeWidth=1.5)
        .encode(x=x, y=alt.Y("authority_value:Q", title=value_title)),
        alt.Chart().mark_line(color=TEAM_COLOUR, strokeWidth=2).encode(x=x, y=y).transform_filter(on_line),
        alt.Chart().mark_point(size=45, strokeWidth=1.5, color=TEAM_COLOUR)
        .encode(
            x=x, y=y, tooltip=tooltip,
            shape=alt.Shape("cohort:N", title="Cohort", scale=alt.Scale(domain=[LARGE_COHORT, SMALL_COHORT], range=["circle", "triangle-up"]),
                            legend=alt.Legend(orient="bottom")),
            fill=alt.FillValue(**alt.condition(alt.datum.cohort == SMALL_COHORT, alt.value("white"), alt.value(TEAM_COLOUR))),
        )
        .transform_filter(on_line),
        alt.Chart().mark_point(size=45, strokeWidth=1.5, color=FLAGGED_COLOUR, fill="white", filled=False, shape="circle")
        .encode(x=x, y=y, tooltip=tooltip).transform_filter(~on_line),
    ]
    return (
        alt.layer(*layers, data=data, width=240, height=170)
        .facet(facet=alt.Facet("group:N", title=None, header=alt.Header(labelFontWeight="bold", labelFontSize=13)),
               columns=columns)
    )
