"""The arithmetic and formatting behind the report's figures, on numbers worked by hand."""

from __future__ import annotations

import pytest

from benchmarks.figures import Spread, memory, memory_spread, seconds, seconds_spread
from benchmarks.scenarios.scaling import _fitted


def test_median_range_and_nearest_rank_percentiles():
    spread = Spread.of([0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.4, 0.8, 0.6, 1.0])
    assert spread.median == pytest.approx(0.55)
    assert (spread.low, spread.high) == (0.1, 1.0)
    assert spread.percentile(0.5) == 0.5  # rank 5 of 10
    assert spread.percentile(0.95) == 1.0  # rank ceil(9.5) = 10
    assert Spread.of([4.0, 1.0, 2.0]).percentile(0.95) == 4.0


def test_a_spread_needs_a_measurement():
    with pytest.raises(ValueError, match="at least one measurement"):
        Spread.of([])


def test_times_read_naturally_at_every_scale():
    assert seconds(0.0456) == "46 ms"
    assert seconds(12.34) == "12.3 s"
    assert seconds(312) == "312 s (5.2 min)"
    assert seconds_spread(Spread.of([12.0, 10.0, 15.0])) == "12.0 s (10.0 s–15.0 s)"
    assert seconds_spread(Spread.of([0.25])) == "250 ms"


def test_memory_in_the_unit_that_fits():
    assert memory(512 * 1024) == "512 KB"
    assert memory(300 * 1024**2) == "300 MB"
    assert memory(3 * 1024**3) == "3.00 GB"
    assert memory_spread(Spread.of([2 * 1024**3, 3 * 1024**3, 1024**3])) == "2.00 GB (max 3.00 GB)"


def test_a_straight_line_through_linear_growth():
    # 10 s of fixed cost plus 2 s per million rows: exactly on the line.
    assert _fitted("total", [1_000_000, 2_000_000, 4_000_000], [12.0, 14.0, 18.0]) == (
        "total", "10.0 s", "2.0 s", "0.0%")


def test_the_line_reports_how_far_a_point_strays():
    # Through (1, 10), (2, 10), (4, 16) (millions of rows, seconds): mean rows 7/3, mean time
    # 12; slope = (−4/3·−2 + −1/3·−2 + 5/3·4) / (16/9 + 1/9 + 25/9) = 10 / (42/9) = 15/7;
    # fixed = 12 − 15/7 · 7/3 = 7. Residuals: 10 − 64/7 = 6/7, 10 − 79/7 = −9/7,
    # 16 − 109/7 = 3/7; the largest share of its point: (9/7) / 10 = 12.9%.
    assert _fitted("load", [1_000_000, 2_000_000, 4_000_000], [10.0, 10.0, 16.0]) == (
        "load", "7.0 s", "2.1 s", "12.9%")
