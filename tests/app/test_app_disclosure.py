"""Suppression of counts from 1 to 4 in downloads."""

import pandas as pd
import pytest

from app.disclosure import SUPPRESSED, is_small_count, small_counts, suppress_small_counts


@pytest.mark.parametrize(("count", "small"), [(0, False), (1, True), (4, True), (5, False), (None, False), (pd.NA, False)])
def test_small_counts_are_one_to_four(count, small):
    assert is_small_count(count) is small


def test_rate_rows_lose_the_small_count_and_the_value_worked_out_from_it():
    table = pd.DataFrame({
        "period": ["Jan", "Feb", "Mar", "Apr", "May"],
        "numerator": pd.array([8, 3, 0, 0, 12], dtype="Int64"),
        "denominator": pd.array([10, 20, 2, 0, 14], dtype="Int64"),
        "value": [80.0, 15.0, 0.0, None, 85.71428571428571],
    })
    suppressed = suppress_small_counts(table)
    assert suppressed["numerator"].tolist() == [8, SUPPRESSED, 0, 0, 12]
    assert suppressed["denominator"].tolist() == [10, 20, SUPPRESSED, 0, 14]
    assert suppressed["value"].tolist()[:3] == [80.0, SUPPRESSED, SUPPRESSED]
    assert pd.isna(suppressed["value"].iloc[3])
    assert suppressed["value"].iloc[4] == 85.71428571428571
    assert suppressed["period"].tolist() == ["Jan", "Feb", "Mar", "Apr", "May"]


def test_counts_without_a_denominator_lose_the_count_and_the_value():
    table = pd.DataFrame({
        "numerator": pd.array([45, 3], dtype="Int64"),
        "denominator": pd.array([None, None], dtype="Int64"),
        "value": [45.0, 3.0],
    })
    suppressed = suppress_small_counts(table)
    assert suppressed["numerator"].tolist() == [45, SUPPRESSED]
    assert suppressed["value"].tolist() == [45.0, SUPPRESSED]
    assert suppressed["denominator"].isna().all()


def test_the_original_table_is_left_alone():
    table = pd.DataFrame({"numerator": [2], "denominator": [9], "value": [22.2]})
    suppress_small_counts(table)
    assert table["numerator"].tolist() == [2]


def test_a_table_without_the_columns_is_refused_in_plain_words():
    with pytest.raises(ValueError, match=r"no column \['denominator', 'value'\]"):
        suppress_small_counts(pd.DataFrame({"numerator": [1]}))


@pytest.mark.parametrize("counts", [
    pd.Series([0, 1, 4, 5, -2]),  # int64
    pd.Series([0.0, 1.0, 4.0, 5.0, float("nan")]),  # float64, a missing count
    pd.Series([0, 1, 4, 5, None], dtype="Int64"),  # nullable, a missing count
    pd.Series([0, 1, 4, 5, None], dtype=object),  # value by value
])
def test_a_column_of_counts_is_judged_whole_as_value_by_value(counts):
    expected = [False, True, True, False, False]
    assert small_counts(counts).tolist() == expected
    assert [is_small_count(v) for v in counts] == expected
