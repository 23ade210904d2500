"""The Wilson interval and the funnel limits that agree with it."""

import pandas as pd
import pytest

from app.confidence_intervals import Z_95, compare_with_reference, funnel_limits, position_against, wilson_interval


# Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
# Medicine 17:857-872, table I, method 3 (score interval without continuity correction).
@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_wilson_interval_matches_published_values(successes, trials, low, high):
    interval = wilson_interval(successes, trials)
    assert interval == pytest.approx((low, high), abs=5e-5)


def test_wilson_interval_reaches_one_when_every_case_meets_the_condition():
    # 10/10: low = n / (n + z^2) = 10 / 13.8415 = 0.72247
    assert wilson_interval(10, 10) == pytest.approx((0.72247, 1.0), abs=5e-5)


@pytest.mark.parametrize(("successes", "trials", "message"), [
    (1, 0, "at least one case"),
    (5, 4, "impossible in a cohort of 4"),
    (-1, 4, "impossible"),
])
def test_wilson_interval_refuses_impossible_counts(successes, trials, message):
    with pytest.raises(ValueError, match=message):
        wilson_interval(successes, trials)


def test_funnel_limits_around_thirty_percent_for_forty_cases():
    # 0.3 +/- 1.96 * sqrt(0.3 * 0.7 / 40) = 0.3 +/- 0.14201
    assert funnel_limits(0.3, 40) == pytest.approx((0.15799, 0.44201), abs=5e-5)


def test_funnel_limits_are_clipped_to_zero_and_one():
    assert funnel_limits(0.05, 2) == pytest.approx((0.0, 0.35204), abs=5e-5)


@pytest.mark.parametrize("trials", [5, 12, 40, 150])
def test_a_rate_outside_the_funnel_is_exactly_one_whose_interval_misses_the_reference(trials):
    reference = 0.3
    low, high = funnel_limits(reference, trials, Z_95)
    for successes in range(trials + 1):
        rate = successes / trials
        interval_low, interval_high = wilson_interval(successes, trials, Z_95)
        outside_funnel = rate < low - 1e-12 or rate > high + 1e-12
        interval_misses = interval_low > reference or interval_high < reference
        assert outside_funnel == interval_misses, (successes, trials)


def test_position_against_the_reference():
    assert position_against(30.0, 36.6, 63.4) == "above"
    assert position_against(30.0, 1.4, 16.5) == "below"
    assert position_against(30.0, 10.8, 60.3) == "within"


def test_compare_with_reference_gives_percentages_and_positions():
    groups = pd.DataFrame({"group": ["A", "B", "C"], "numerator": [2, 25, 3], "denominator": [40, 50, 10]})
    compared = compare_with_reference(groups, 30.0)
    # A: 2/40 -> (1.38, 16.50); B: 25/50 -> (36.64, 63.36); C: 3/10 -> (10.78, 60.32)
    assert compared["rate"].tolist() == [5.0, 50.0, 30.0]
    assert compared["low"].round(2).tolist() == [1.38, 36.64, 10.78]
    assert compared["high"].round(2).tolist() == [16.5, 63.36, 60.32]
    assert compared["position"].tolist() == ["below", "above", "within"]
