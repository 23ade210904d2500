"""Metric explorer: one measure over time, by period and slice, for one or all authorities, and
the cases behind any of its numbers."""

import pandas as pd
import streamlit as st

from app import authority_choice, cohorts, serving_db, sign_in
from app.availability import not_available_reason, unavailable_metrics, unavailable_periods
from app.chart_display import show_chart
from app.charts import group_panels, trend_chart
from app.definition_words import show_how_it_is_worked_out
from app.disclosure import RULE_IN_WORDS, suppress_small_counts
from app.display_format import (
    GRAIN_LABELS,
    MISSING,
    date_label,
    dimension_label,
    humanise,
    metric_value_label,
    period_label,
    with_period_labels,
)
from app.downloads import offer_csv
from app.headline import headline_table, latest_two
from app.judgement import change_words, direction_words, judgement_of
from app.metric_picker import catalogue, choose_grain, choose_metric, kind_of

PAGE = "Metric explorer"
DOWNLOAD_COLUMNS = [
    "la_code", "metric_id", "period_grain", "period_start", "period_end", "period_complete",
    "dimension", "dimension_value", "numerator", "denominator", "value",
]
# Slices compared as small multiples, one panel per group, rather than as a tangle of lines.
GROUP_SLICES = ("team", "worker")
# Beyond this many authorities, the headline is a table rather than a row of tiles.
MAX_HEADLINE_TILES = 6


def show_headline(codes: list[str], metric_id: str, grain: str, kind: str, described: pd.Series | None) -> None:
    """Each authority's latest complete period, with the change from the one before in words."""
    if len(codes) > MAX_HEADLINE_TILES:
        show_headline_table(codes, metric_id, grain, kind)
        return
    judgement = "none" if described is None else judgement_of(described)
    columns = st.columns(len(codes))
    for column, code in zip(columns, codes):
        newest, change = latest_two(code, metric_id, grain)
        with column:
            if newest is None:
                st.metric(f"LA {code}: latest complete {GRAIN_LABELS[grain].lower()}", "none yet")
                continue
            flagged = not bool(newest.get("history_complete", True))
            before = pd.Timestamp(newest["period_start"]) - {"month": pd.DateOffset(months=1),
                                                              "quarter": pd.DateOffset(months=3),
                                                              "financial_year": pd.DateOffset(years=1)}[grain]
            words = None if change is None else change_words(
                newest["value"], newest["value"] - change, judgement=judgement, kind=kind,
                before=period_label(grain, before),
                band_low=None if described is None else described.get("band_low"),
                band_high=None if described is None else described.get("band_high"),
            )
            st.metric(
                f"LA {code}: {period_label(grain, newest['period_start'])} (latest complete)",
                metric_value_label(newest["value"], kind),
                delta=words,
                delta_color="off",
                delta_arrow="off",
                help=(f"History too short: {newest.get('history_note')}" if flagged
                      else "The change is from the period before, better or worse as the measure is judged."),
            )
            if flagged:
                st.caption("History too short: not compared with the period before.")


def show_headline_table(codes: list[str], metric_id: str, grain: str, kind: str) -> None:
    """The headline of many authorities: one row each, sortable, instead of a row of tiles."""
    number = st.column_config.NumberColumn(format="%.1f%%" if kind == "rate" else "%.1f")
    change = st.column_config.NumberColumn(
        "Change from the period before", format="%+.1f points" if kind == "rate" else "%+.1f")
    st.dataframe(headline_table(codes, metric_id, grain), hide_index=True, width="stretch",
                 key="explorer_headline_table", placeholder=MISSING,
                 column_config={"Value": number, "Change from the period before": change})


def extract_dates_label(codes: list[str]) -> str:
    """The authorities' extract dates: "LA 901 14 Jun 2024, LA 902 ..." for a few; for many,
    each date once, "14 Jun 2024 (150 authorities)"."""
    loaded = serving_db.authorities().set_index("la_code")["snapshot_date"]
    dates = {code: date_label(loaded.get(code)) for code in codes}
    if len(codes) <= MAX_HEADLINE_TILES:
        return ", ".join(f"LA {code} {day}" for code, day in dates.items())
    by_date: dict[str, list[str]] = {}
    for code, day in dates.items():
        by_date.setdefault(day, []).append(code)
    return ", ".join(
        f"{day} ({len(group)} authorities)" if len(group) > 1 else f"{day} (LA {group[0]})"
        for day, group in by_date.items()
    )


def value_axis_title(kind: str, unit: str | None) -> str:
    if kind == "rate":
        return "Per cent"
    return humanise(unit) if unit else "Value"


def series_column(rows: pd.DataFrame, comparing: bool, dimension: str) -> pd.Series:
    """What tells the lines apart: the authority, the slice value, or both."""
    if comparing and dimension != "all":
        return "LA " + rows["la_code"] + " · " + rows["dimension_value"]
    if comparing:
        return "LA " + rows["la_code"]
    return rows["dimension_value"].where(rows["dimension"] != "all", "Whole authority")


def narrow(rows: pd.DataFrame, dimension: str, key: str) -> pd.DataFrame:
    """The periods, and the slice values, the reader chooses to see."""
    periods = rows.sort_values("period_start")["period"].drop_duplicates().tolist()
    if len(periods) > 1:
        first, last = st.select_slider(
            "Periods shown", periods, value=(periods[0], periods[-1]), key=f"explorer_range_{key}"
        )
        rows = rows[rows["period"].isin(periods[periods.index(first): periods.index(last) + 1])]
    if dimension != "all":
        values = sorted(rows["dimension_value"].unique())
        chosen = st.multiselect(dimension_label(dimension), values, default=values, key=f"explorer_values_{key}_{dimension}")
        rows = rows[rows["dimension_value"].isin(chosen)]
    return rows


def show_table_and_download(rows: pd.DataFrame, comparing: bool, dimension: str, unit: str, file_name: str) -> None:
    """The numbers behind the chart, and the same rows as a CSV with small counts suppressed."""
    table = rows.sort_values(["period_start", "la_code", "dimension_value"])
    table = table.assign(history=table["history_note"].where(~table["history_complete"].astype(bool)))
    visible = (["la_code"] if comparing else []) + ["period"] + (["dimension_value"] if dimension != "all" else [])
    st.dataframe(
        table[visible + ["numerator", "denominator", "value", "period_complete", "history"]],
        hide_index=True,
        placeholder=MISSING,
        column_config={
            "la_code": "Authority",
            "period": "Period",
            "dimension_value": dimension_label(dimension),
            "numerator": st.column_config.NumberColumn("Met", help="Counts: the count. Rates: the cases meeting the condition."),
            "denominator": st.column_config.NumberColumn("Cases", help="How many cases the figure was worked out from (rates and medians)."),
            "value": st.column_config.NumberColumn(f"Value{unit}", format="%.1f"),
            "period_complete": st.column_config.CheckboxColumn("Complete period"),
            "history": st.column_config.TextColumn("History too short", help="Why the figure cannot yet be trusted, when it cannot."),
        },
    )
    offer_csv(
        suppress_small_counts(table[DOWNLOAD_COLUMNS]),
        label="Download this table (CSV, small counts suppressed)",
        file_name=file_name, key="explorer_download", access=None,
    )
    st.caption(RULE_IN_WORDS)


def show_trend(rows: pd.DataFrame, dimension: str, comparing: bool, kind: str, unit: str | None,
               described: pd.Series | None, la_code: str, metric_id: str, grain: str) -> None:
    value_title = value_axis_title(kind, unit)
    if dimension in GROUP_SLICES and not comparing:
        whole = serving_db.metric_values([la_code], metric_id, grain, ["all"])
        show_chart(group_panels, rows, whole, dimension_label(dimension), value_title, kind, width="content")
        st.caption("One panel per group: its line against the whole authority's (dashed grey)"
                   + (", with the range its rate plausibly lies in (95% confidence, shaded)" if kind == "rate" else "")
                   + ". A hollow triangle is a figure from fewer than 5 cases: it moves a long way by chance. "
                   "Grey hollow circles rest on too short a history.")
        return
    references = {} if described is None else {"Target": described["target"], "England": described["england_value"]}
    show_chart(trend_chart, rows, "series", "Line", value_title, references, width="stretch")
    st.caption("A period that ends after the extract date is incomplete: its point is a hollow diamond "
               "marked incomplete, on a dashed line. A grey hollow circle is a figure whose history is "
               "too short to trust (hover over it for why): it is kept off the line. Dashed horizontal "
               "lines are the target and the England figure, where there is one.")


def show_cases(rows: pd.DataFrame, la_code: str, metric_id: str, grain: str, dimension: str,
               metrics: pd.DataFrame) -> None:
    """Pick a number of the table and open the cases it was worked out from."""
    viewer = sign_in.require_viewer()
    st.subheader("The cases behind a number")
    if not viewer.sees_case_rows:
        st.caption("Managers, auditors and data engineers can open the cases behind each number here; "
                   "your role shows the figures only.")
        return
    periods = rows.drop_duplicates("period_start").sort_values("period_start", ascending=False)
    complete = periods[periods["period_complete"].astype(bool)]
    options = periods["period_start"].tolist()
    default = complete["period_start"].iloc[0] if not complete.empty else options[0]
    labels = dict(zip(periods["period_start"], periods["period"]))
    pick_period, pick_value = st.columns(2)
    period_start = pick_period.selectbox(
        "Period", options, index=options.index(default), key=f"explorer_cases_period_{metric_id}_{grain}",
        format_func=labels.get)
    in_period = rows[rows["period_start"] == period_start]
    if dimension != "all":
        values = sorted(in_period["dimension_value"].unique())
        if not values:
            st.info("No slice value has figures in this period.")
            return
        value = pick_value.selectbox(dimension_label(dimension), values, key=f"explorer_cases_value_{metric_id}_{dimension}")
        in_period = in_period[in_period["dimension_value"] == value]
    row = in_period.iloc[0]
    number = cohorts.Number(metric_id, grain, row["period_start"], row["period_end"], bool(row["period_complete"]),
                            row["dimension"], row["dimension_value"])
    cohorts.show_cohort(viewer, la_code, cohorts.cases_source(metric_id, metrics), number, cohorts.expected_size(row),
                        authority_choice.snapshot_date(la_code), set(metrics.index), PAGE, key="explorer_cases")


def render() -> None:
    la_code = authority_choice.require()
    st.title("Metric explorer")
    st.caption("Choose a measure, how to group the months, and a slice. The chart shows the trend; "
               "the table beneath it holds the numbers behind each point, and below that you can open "
               "the cases behind any of them.")
    codes = authority_choice.loaded_codes()
    comparing = len(codes) > 1 and st.toggle(
        "Compare all authorities side by side", key="explorer_compare",
        help="One line per authority on the same chart.",
    )
    shown = codes if comparing else [la_code]
    metrics = catalogue()
    slices = serving_db.metric_slices(shown)
    if slices.empty:
        st.info(f"There are no metric figures for LA {la_code} yet.")
        return
    # The measures the authority's deliveries cannot give can be chosen too: they say why.
    choices = [*slices["metric_id"].unique(), *unavailable_metrics(la_code)]

    pick_metric, pick_grain, pick_slice = st.columns([3, 2, 2])
    with pick_metric:
        metric_id = choose_metric(list(dict.fromkeys(choices)), metrics, key="explorer_metric")
    with pick_grain:
        grain = choose_grain(key="explorer_grain")
    dimensions = slices.loc[slices["metric_id"] == metric_id, "dimension"].tolist()
    with pick_slice:
        dimension = st.selectbox("Slice", ["all"] + sorted(d for d in dimensions if d != "all"),
                                 key=f"explorer_slice_{metric_id}", format_func=dimension_label)

    kind = kind_of(metric_id, metrics)
    described = metrics.loc[metric_id] if metric_id in metrics.index else None
    if described is not None:
        st.markdown(f"**{described['title']}** · "
                    f"{direction_words(judgement_of(described), described.get('band_low'), described.get('band_high'), kind)}.")
        show_how_it_is_worked_out(metric_id, described)
    reason = not_available_reason(la_code, metric_id, grain)
    if reason and metric_id not in set(slices["metric_id"]):
        st.info(f"LA {la_code}: {reason}", icon=":material/block:")
        return
    show_headline(shown, metric_id, grain, kind, described)

    rows = serving_db.metric_values(shown, metric_id, grain, [dimension])
    if rows.empty:
        st.info(reason or f"No {GRAIN_LABELS[grain].lower()} figures for this measure and slice.")
        return
    missing = unavailable_periods(la_code, metric_id, grain)
    if not missing.empty:
        periods = ", ".join(period_label(grain, start) for start in missing["period_start"])
        st.info(f"No figures for {periods}: {missing['unavailable_reason'].iloc[-1]}", icon=":material/block:")
    rows = narrow(with_period_labels(rows), dimension, key=f"{metric_id}_{grain}")
    if rows.empty:
        st.info("Nothing is chosen to show.")
        return
    rows = rows.assign(series=series_column(rows, comparing, dimension))

    unit = None if described is None else described["unit"]
    show_trend(rows, dimension, comparing, kind, unit, described, la_code, metric_id, grain)
    st.caption(f"Extract date: {extract_dates_label(shown)}.")
    show_table_and_download(
        rows, comparing, dimension, "" if unit is None else f" ({unit})",
        file_name=f"{metric_id}_{grain}_{dimension}_{'_'.join(shown)}.csv",
    )
    if not comparing:
        show_cases(rows, la_code, metric_id, grain, dimension, metrics)


render()
