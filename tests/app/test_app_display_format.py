"""How periods, values and changes are written."""

import datetime as dt

import pandas as pd
import pytest

from app.display_format import (
    change_label,
    date_label,
    dimension_label,
    direction_label,
    metric_value_label,
    period_label,
)


@pytest.mark.parametrize(("grain", "start", "label"), [
    ("month", dt.date(2024, 5, 1), "May 2024"),
    ("quarter", dt.date(2024, 4, 1), "2024-25 Q1"),
    ("quarter", dt.date(2024, 10, 1), "2024-25 Q3"),
    ("quarter", dt.date(2024, 1, 1), "2023-24 Q4"),
    ("financial_year", dt.date(2023, 4, 1), "2023-24"),
    ("financial_year", pd.Timestamp("2099-04-01"), "2099-00"),
])
def test_period_labels_follow_the_financial_year(grain, start, label):
    assert period_label(grain, start) == label


def test_an_unknown_grain_is_refused():
    with pytest.raises(ValueError, match="unknown period grain 'week'"):
        period_label("week", dt.date(2024, 1, 1))


@pytest.mark.parametrize(("value", "kind", "label"), [
    (85.71428, "rate", "85.7%"),
    (1204.0, "count", "1,204"),
    (34.5, "median", "34.5"),
    (None, "rate", "no cases"),
    (float("nan"), "median", "no cases"),
])
def test_metric_values(value, kind, label):
    assert metric_value_label(value, kind) == label


@pytest.mark.parametrize(("change", "kind", "label"), [
    (30.0, "rate", "+30.0 points"),
    (-8.0, "median", "-8.0"),
    (-1e-12, "rate", "+0.0 points"),
    (12.0, "count", "+12"),
    (None, "rate", "no earlier figure"),
])
def test_changes(change, kind, label):
    assert change_label(change, kind) == label


def test_dates_directions_and_slices_in_words():
    assert date_label(pd.Timestamp("2024-06-14")) == "14 Jun 2024"
    assert date_label(None) == "not recorded"
    assert direction_label(True) == "Higher is better"
    assert direction_label(False) == "Lower is better"
    assert direction_label(None) == "Neither higher nor lower is better in itself"
    assert dimension_label("ethnicity_group") == "Ethnicity group"
    assert dimension_label("referral_route") == "Referral route"
