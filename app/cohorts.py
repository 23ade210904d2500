"""The cases behind a number: from any count, rate or median of a period and slice to the
cohort it was worked out from, one row per case.

Each metric's catalogue entry says where its cases are published (`cases_table`, a marts
`*_details` table with one row per cohort member) and which column places a case in a period
(`cases_placed_by`: its own date for an event metric, `as_at_date` for an as-at one). The
table's column named after the metric is its flag: for a rate, whether the case met the
condition (NULL when the case is not in that metric's cohort); for a count or a median,
whether the case is counted. A slice is the column of the slice's name. So the cohort of one
number is, in that table:

- event metric: placed_by between the period's first and last day;
- as-at metric: as_at_date on the period's last day, or the extract date for a period not
  yet ended (the day metric_values took);
- the metric's flag not NULL (rates) or true (counts, medians);
- the slice's column equal to the slice's value, unless the number is of the whole authority.

Its size is the number's denominator (rates, medians) or the count. The rows are read through
app.case_rows with the viewer, so a leader sees none, a manager those of their own teams, and
every view and download is in the access log; the source file and row of each record are
shown to auditors and data engineers only, who can trace any case to its delivery and its
changes across the snapshots (app.record_trace).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from app import case_rows, record_trace, serving_db
from app.case_rows import Between, CaseRowsRefused
from app.display_format import date_label, period_label, table_column_config, yes_no_and_words
from app.downloads import offer_csv
from app.roles import Viewer

SOURCE_COLUMNS = ("source_file", "source_row")
# Never shown in a cohort: they are the same on every row or not what the number is about.
HIDDEN_COLUMNS = ("la_code",)
MET_LABEL = "Met the condition"
PERSONAL_DATA_NOTE = (
    "These are children's case records (case-system ids, dates, teams and workers): personal "
    "data. They are shown in full, not suppressed; keep any download inside the authority's "
    "secure systems. Every view and download is recorded in the access log."
)


@dataclass(frozen=True)
class CasesSource:
    """Where a metric's cases are published."""

    metric_id: str
    kind: str
    timing: str
    table: str
    placed_by: str


@dataclass(frozen=True)
class Number:
    """One number of metric_values: a metric's value for a period and slice."""

    metric_id: str
    period_grain: str
    period_start: object
    period_end: object
    period_complete: bool
    dimension: str = "all"
    dimension_value: str = "all"


def cases_source(metric_id: str, catalogue_rows: pd.DataFrame) -> CasesSource | None:
    """Where the metric's cases are, or None when the catalogue does not say (an older one)."""
    if metric_id not in catalogue_rows.index or "cases_table" not in catalogue_rows.columns:
        return None
    row = catalogue_rows.loc[metric_id]
    if not isinstance(row["cases_table"], str) or not isinstance(row.get("cases_placed_by"), str):
        return None
    return CasesSource(metric_id, str(row["kind"]), str(row.get("timing", "event")), row["cases_table"],
                       row["cases_placed_by"])


def as_at_day(number: Number, extract_date: object) -> pd.Timestamp:
    """The day an as-at metric looked at: the period's last day, or the extract date while the
    period has not ended."""
    return pd.Timestamp(number.period_end if number.period_complete else extract_date)


def cohort_conditions(source: CasesSource, number: Number, extract_date: object) -> dict[str, object]:
    """The conditions (app.case_rows) that pick the number's cohort out of the source table."""
    if source.timing == "as_at":
        where: dict[str, object] = {source.placed_by: as_at_day(number, extract_date).date()}
    else:
        where = {source.placed_by: Between(pd.Timestamp(number.period_start).date(),
                                           pd.Timestamp(number.period_end).date())}
    # A rate's flag is NULL for a case outside its cohort; a count's or median's is false.
    where[source.metric_id] = [True, False] if source.kind == "rate" else True
    if number.dimension != "all":
        where[number.dimension] = number.dimension_value
    return where


def expected_size(row: pd.Series | dict) -> int:
    """The size of a number's cohort as metric_values gives it: the denominator of a rate or
    median, the count itself of a count."""
    denominator = row.get("denominator")
    if denominator is not None and not pd.isna(denominator):
        return int(denominator)
    return int(row.get("numerator") or 0)


def shown_columns(table_columns: list[str], source: CasesSource, metric_ids: set[str], viewer: Viewer) -> list[str]:
    """The table's columns a cohort view shows: not other metrics' flags, the source file and
    row for auditors and data engineers only."""
    shown = []
    for column in table_columns:
        if column in HIDDEN_COLUMNS or (column in metric_ids and column != source.metric_id):
            continue
        if column in SOURCE_COLUMNS and not viewer.sees_every_case:
            continue
        if column == source.metric_id and source.kind != "rate":
            continue  # every case of a count is counted: the column says nothing
        shown.append(column)
    return shown


def read_cohort(viewer: Viewer, la_code: str, source: CasesSource, number: Number, extract_date: object,
                metric_ids: set[str], page: str) -> tuple[pd.DataFrame, dict[str, object]]:
    """The cases of the number's cohort the viewer may see (recorded in the access log), with
    the conditions that chose them."""
    where = cohort_conditions(source, number, extract_date)
    columns = shown_columns(serving_db.table_columns(source.table), source, metric_ids, viewer)
    order = [c for c in (source.placed_by, "person_id") if c in columns]
    rows = case_rows.case_rows(viewer, source.table, la_code, page=page, where=where,
                               columns=columns, order_by=order)
    return rows, where


def for_people(rows: pd.DataFrame, source: CasesSource) -> pd.DataFrame:
    """The rows as the page shows them: codes as words, yes/no, nothing shown as 'None'."""
    shown = rows.rename(columns={source.metric_id: MET_LABEL}) if source.kind == "rate" else rows.copy()
    if MET_LABEL in shown.columns:
        # Whether the case met the condition, beside the dates and working days it was judged on.
        columns = [c for c in shown.columns if c != MET_LABEL]
        measured = [i for i, c in enumerate(columns) if c.startswith("working_days")]
        placed = [i for i, c in enumerate(columns) if c == source.placed_by]
        at = (measured or placed or [len(columns) - 1])[0] + 1
        shown = shown[[*columns[:at], MET_LABEL, *columns[at:]]]
    return yes_no_and_words(shown)


def number_label(number: Number) -> str:
    slice_words = "" if number.dimension == "all" else f", {number.dimension_value}"
    return f"{period_label(number.period_grain, number.period_start)}{slice_words}"


def show_cohort(viewer: Viewer, la_code: str, source: CasesSource | None, number: Number, expected: int,
                extract_date: object, metric_ids: set[str], page: str, key: str) -> None:
    """The cases behind one number, their count against the number's, and a download."""
    if source is None:
        st.info("The catalogue published with these figures does not say where this measure's cases "
                "are; they appear after a refresh by this version of the warehouse.")
        return
    if source.table not in serving_db.table_names():
        st.info(f"The cases of this measure ({source.table}) are not published in the serving database yet.")
        return
    try:
        rows, where = read_cohort(viewer, la_code, source, number, extract_date, metric_ids, page)
    except CaseRowsRefused as refusal:
        st.info(str(refusal))
        return
    scope = "" if viewer.sees_every_case else " of your teams"
    if source.timing == "as_at":
        day = f" on {date_label(as_at_day(number, extract_date))}"
    else:
        day = ""
    st.markdown(f"**{len(rows):,} cases{scope}** behind {number_label(number)}{day}: "
                f"the number was worked out from {expected:,}.")
    if rows.empty:
        return
    shown = for_people(rows, source)
    st.dataframe(shown, hide_index=True, key=f"{key}_table",
                 column_config=table_column_config(shown, {MET_LABEL: MET_LABEL}))
    file_name = f"cases_{source.metric_id}_{number.period_grain}_{pd.Timestamp(number.period_start):%Y-%m-%d}_{la_code}_personal_data.csv"
    offer_csv(
        rows, label="Download these cases (CSV, personal data)", file_name=file_name, key=f"{key}_download",
        access=case_rows.download_recorder(viewer, rows, page=page, table=source.table, la_code=la_code,
                                           where=where, file_name=file_name),
    )
    st.caption(PERSONAL_DATA_NOTE)
    trace_case(viewer, la_code, source, rows, page=page, key=key)


def trace_case(viewer: Viewer, la_code: str, source: CasesSource, rows: pd.DataFrame, *, page: str,
               key: str) -> None:
    """One case of the cohort traced to the snapshot, file and row it was loaded from, and its
    changes across the snapshots: for the roles that see where cases came from (auditors, data
    engineers: the rows carry source_file)."""
    family = record_trace.FAMILY_OF_TABLE.get(source.table)
    if family is None or "source_file" not in rows.columns or family[1] not in rows.columns:
        return
    ids = rows[family[1]].astype(str).tolist()
    chosen = st.selectbox("Trace a case to the delivery it came from", range(len(ids)),
                          format_func=lambda i: ids[i], key=f"{key}_trace")
    record_trace.render(viewer, la_code, family[0], ids[chosen], page=page, row=rows.iloc[chosen])

