"""How the app writes numbers, periods, dates and column names for people to read."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import streamlit as st

GRAIN_LABELS = {"month": "Month", "quarter": "Quarter", "financial_year": "Financial year"}
# What a table shows in an empty cell (st.dataframe's placeholder): never "None".
MISSING = "—"

DIMENSION_LABELS = {
    "all": "Whole authority",
    "team": "Team",
    "worker": "Worker",
    "disability": "Disability",
    "age_band": "Age band",
    "sex": "Sex",
    "ethnicity_group": "Ethnicity group",
    "case_status": "Case status (new or open)",
    "audit_area": "Audit area",
    "outcome": "Outcome",
}

# Column names of the serving tables, in plain words; anything not here is humanised.
COLUMN_LABELS = {
    "la_code": "Authority",
    "as_at_date": "As at",
    "person_id": "Child (case id)",
    "team": "Team",
    "worker_id": "Worker",
    "assessment_id": "Assessment",
    "s47_enquiry_id": "S47 enquiry",
    "presentation_id": "Presentation",
    "start_date": "Started",
    "end_date": "Ended",
    "working_days_elapsed": "Working days so far",
    "working_days_left": "Working days left",
    "working_days_since_start": "Working days since start",
    "last_assessment_date": "Last assessment authorised",
    "days_since_last_assessment": "Days since last assessment",
    "last_oversight_date": "Last oversight note",
    "working_days_since_oversight": "Working days since oversight",
    "presentation_date": "Presented",
    "age_band": "Age band",
    "period": "Period",
    "dimension_value": "Slice",
    "numerator": "Numerator",
    "denominator": "Denominator (cohort)",
    "value": "Value",
    "period_complete": "Complete period",
    "snapshot_date": "Extract date",
    "loaded_at": "Loaded",
    "rows_read": "Rows read",
    "rows_loaded": "Rows loaded",
    "rows_quarantined": "Rows quarantined",
    "table_name": "Table",
    "file_name": "File",
    "size_bytes": "Size (bytes)",
    "sha256": "SHA-256",
    "source_file": "File",
    "source_row": "Row in file",
    "record_id": "Record id",
    "column_name": "Column",
    "quarantined_rows": "Rows",
    "noted_values": "Values",
    "source_sheet": "Sheet",
    "source_element": "Element",
    "sheet_name": "Sheet",
    "heading": "Heading",
    "started_at": "Started",
    "finished_at": "Finished",
}


# Codes of the extract as people say them; any other code in capitals is humanised
# (RETURNED_HOME -> "Returned home"). Values that are not codes (ids, team names) are left.
CODE_WORDS = {
    "S20_LOOKED_AFTER": "Looked after (section 20)",
    "S17_SUPPORT": "Support as a child in need (section 17)",
    "RETURNED_HOME": "Returned home",
    "HOUSING_ONLY": "Housing help only",
    "NO_FURTHER_ACTION": "No further action",
    "NFA": "No further action",
    "S47": "Section 47 enquiry",
    "OTHER_SUPPORT": "Other support",
    "CHANNEL": "Channel",
    "REQUIRES_IMPROVEMENT": "Requires improvement",
    "CHILD_PROTECTION": "Child protection",
    "DISABLED_CHILDREN": "Disabled children",
    "MANAGEMENT_OVERSIGHT": "Management oversight",
    "undecided": "Not decided yet",
    "overdue": "Overdue",
    "due soon": "Due soon",
    "on track": "On track",
    "open": "Open (already assessed)",
    "new": "New concern",
}
_CODE = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,}")


def words_for_codes(value: object) -> object:
    """A code as words ('Returned home'); an empty value as ''; anything else as it is."""
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, str)):
        return ", ".join(str(words_for_codes(item)) for item in list(value))
    if not isinstance(value, str):
        return value
    if value in CODE_WORDS:
        return CODE_WORDS[value]
    if _CODE.fullmatch(value):
        return humanise(value.lower())
    return value


def humanise(name: str) -> str:
    """`england_source` -> `England source`."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def column_label(name: str) -> str:
    return COLUMN_LABELS.get(name, humanise(name))


def dimension_label(dimension: str) -> str:
    return DIMENSION_LABELS.get(dimension, humanise(dimension))


def _as_date(value: object) -> dt.date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def financial_year_label(start_year: int) -> str:
    """2024 -> '2024-25' (1 April 2024 to 31 March 2025)."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def period_label(period_grain: str, period_start: object) -> str:
    """'May 2024', '2024-25 Q1' (April to June) or '2024-25'."""
    start = _as_date(period_start)
    financial_year = start.year if start.month >= 4 else start.year - 1
    if period_grain == "month":
        return start.strftime("%b %Y")
    if period_grain == "quarter":
        quarter = (start.month - 4) % 12 // 3 + 1
        return f"{financial_year_label(financial_year)} Q{quarter}"
    if period_grain == "financial_year":
        return financial_year_label(financial_year)
    raise ValueError(f"unknown period grain {period_grain!r}; expected one of {list(GRAIN_LABELS)}")


def date_label(value: object) -> str:
    """'14 Jun 2024', or 'not recorded' when empty."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "not recorded"
    return _as_date(value).strftime("%-d %b %Y")


def timestamp_label(value: object) -> str:
    if value is None or pd.isna(value):
        return "not recorded"
    return pd.Timestamp(value).strftime("%-d %b %Y %H:%M")


def metric_value_label(value: object, kind: str) -> str:
    """A metric value as people read it: '85.7%' for rates, '33.0' for medians, '1,204' counts."""
    if value is None or pd.isna(value):
        return "no cases"
    number = float(value)
    if kind == "rate":
        return f"{number:.1f}%"
    if kind == "count":
        return f"{number:,.0f}"
    return f"{number:.1f}"


def change_label(change: object, kind: str) -> str:
    """A change between periods: '+5.0 points' for rates, '-2.0' otherwise."""
    if change is None or pd.isna(change):
        return "no earlier figure"
    number = float(change)
    if math.isclose(number, 0.0, abs_tol=1e-9):
        number = 0.0
    suffix = " points" if kind == "rate" else ""
    if kind == "count":
        return f"{number:+,.0f}"
    return f"{number:+.1f}{suffix}"


def direction_label(higher_is_better: object) -> str:
    if higher_is_better is None or pd.isna(higher_is_better):
        return "Neither higher nor lower is better in itself"
    return "Higher is better" if bool(higher_is_better) else "Lower is better"


def with_period_labels(rows: pd.DataFrame) -> pd.DataFrame:
    """metric_values rows with a `period` column: each row's period in words."""
    # Each period once, and given to every row at once: comparing every authority repeats the
    # same periods 150 times over.
    keys = pd.MultiIndex.from_frame(rows[["period_grain", "period_start"]])
    periods = keys.unique()
    labels = pd.Series([period_label(grain, start) for grain, start in periods], index=periods, dtype="str")
    return rows.assign(period=labels.reindex(keys).array)


def delta_colour(higher_is_better: object) -> str:
    """How st.metric colours a change: green up when higher is better, green down when lower is."""
    if higher_is_better is None or pd.isna(higher_is_better):
        return "off"
    return "normal" if bool(higher_is_better) else "inverse"


def table_column_config(table: pd.DataFrame, overrides: dict | None = None) -> dict:
    """st.dataframe column settings: plain-words headings, dates as '14 Jun 2024'."""
    config: dict = {}
    for name in table.columns:
        label = column_label(name)
        values = table[name]
        if pd.api.types.is_datetime64_any_dtype(values):
            has_time = bool((values.dropna() != values.dropna().dt.normalize()).any())
            config[name] = (
                st.column_config.DatetimeColumn(label, format="D MMM YYYY, HH:mm")
                if has_time
                else st.column_config.DateColumn(label, format="D MMM YYYY")
            )
        else:
            config[name] = label
    config.update(overrides or {})
    return config


def _is_flag_column(values: pd.Series) -> bool:
    present = values.dropna()
    return pd.api.types.is_bool_dtype(values) or (
        not present.empty and present.map(lambda v: isinstance(v, (bool,)) or type(v).__name__ == "bool_").all())


def yes_no_and_words(table: pd.DataFrame) -> pd.DataFrame:
    """A table as people read it: flags as Yes/No, codes as words, nothing shown as 'None'."""
    shown = table.copy()
    for column in shown.columns:
        values = shown[column]
        if _is_flag_column(values):
            shown[column] = values.map(lambda v: "" if v is None or pd.isna(v) else ("Yes" if v else "No"))
        elif pd.api.types.is_object_dtype(values) or isinstance(values.dtype, pd.StringDtype):
            shown[column] = values.astype(object).map(words_for_codes)
    return shown
