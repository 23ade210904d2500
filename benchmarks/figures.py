"""Summarising repeated measurements, and writing figures the way BENCHMARKS.md shows them."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    """Repeated measurements of one thing: the median and the range."""

    values: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.values:
            raise ValueError("a spread needs at least one measurement")

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        return cls(tuple(values))

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def percentile(self, share: float) -> float:
        """The nearest-rank percentile (share 0.95 is p95): a value that was measured."""
        ordered = sorted(self.values)
        rank = max(1, math.ceil(share * len(ordered)))
        return ordered[rank - 1]


def seconds(value: float) -> str:
    if abs(value) < 1:
        return f"{value * 1000:.0f} ms"
    if abs(value) < 100:
        return f"{value:.1f} s"
    return f"{value:.0f} s ({value / 60:.1f} min)"


def seconds_spread(spread: Spread) -> str:
    """Median, then the range when there was more than one run."""
    if len(spread.values) == 1:
        return seconds(spread.median)
    return f"{seconds(spread.median)} ({seconds(spread.low)}–{seconds(spread.high)})"


def memory(value: float) -> str:
    if value >= 1024**3:
        return f"{value / 1024**3:.2f} GB"
    if value >= 1024**2:
        return f"{value / 1024**2:.0f} MB"
    return f"{value / 1024:.0f} KB"


def memory_spread(spread: Spread) -> str:
    if len(spread.values) == 1:
        return memory(spread.median)
    return f"{memory(spread.median)} (max {memory(spread.high)})"


def ratio(value: float) -> str:
    return f"{value:.2f}×"


def count(value: int) -> str:
    return f"{value:,}"
