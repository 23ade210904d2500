"""How sure a rate is: the Wilson score interval, and the funnel limits that match it.

The Wilson interval for k successes in n trials is the set of proportions p that a score test
would not reject: |k/n - p| <= z * sqrt(p(1 - p) / n). So a group's interval leaves out the
authority's rate p0 exactly when its rate lies outside p0 +/- z * sqrt(p0(1 - p0) / n), which
are the funnel plot's limits: the interval chart and the funnel plot always agree on which
groups stand out.
"""

from __future__ import annotations

import math
from typing import Literal

import pandas as pd

Z_95 = 1.959963984540054  # two-sided 95%
Z_998 = 3.090232306167813  # two-sided 99.8%, the funnel's outer limits

Position = Literal["above", "below", "within"]


def _check_count(successes: int, trials: int) -> None:
    if trials <= 0:
        raise ValueError(f"a rate needs at least one case; got a cohort of {trials}")
    if not 0 <= successes <= trials:
        raise ValueError(f"{successes} cases meeting the condition is impossible in a cohort of {trials}")


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of successes/trials, as proportions from 0 to 1."""
    _check_count(successes, trials)
    p = successes / trials
    z2 = z * z
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half_width = (z / (1 + z2 / trials)) * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    # Clamp rounding dust: the exact interval is inside [0, 1] and touches the ends at k = 0 or n.
    low = 0.0 if successes == 0 else max(0.0, centre - half_width)
    high = 1.0 if successes == trials else min(1.0, centre + half_width)
    return low, high


def funnel_limits(reference: float, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The range of rates, for a cohort of `trials`, whose Wilson interval holds `reference`."""
    if not 0 <= reference <= 1:
        raise ValueError(f"the reference rate must be a proportion from 0 to 1; got {reference}")
    if trials <= 0:
        raise ValueError(f"a funnel limit needs a cohort of at least one; got {trials}")
    spread = z * math.sqrt(reference * (1 - reference) / trials)
    return max(0.0, reference - spread), min(1.0, reference + spread)


def position_against(reference: float, low: float, high: float) -> Position:
    """Whether an interval lies wholly above, wholly below, or around the reference rate."""
    if low > reference:
        return "above"
    if high < reference:
        return "below"
    return "within"


def compare_with_reference(groups: pd.DataFrame, reference_rate: float) -> pd.DataFrame:
    """Each group's rate and 95% Wilson interval, in percent, and where it lies against the reference.

    `groups` needs numerator and denominator (every denominator at least 1); `reference_rate` is
    the authority's rate in percent. Adds rate, low, high and position.
    """
    intervals = [wilson_interval(int(k), int(n)) for k, n in zip(groups["numerator"], groups["denominator"])]
    low = [100 * interval[0] for interval in intervals]
    high = [100 * interval[1] for interval in intervals]
    return groups.assign(
        rate=100 * groups["numerator"].astype(float) / groups["denominator"].astype(float),
        low=low,
        high=high,
        position=[position_against(reference_rate, lo, hi) for lo, hi in zip(low, high)],
    )
