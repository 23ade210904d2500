"""Events that recur through a period: visits during plans, case notes while a case is open.

Practice sets a cadence (a visit every 8 working days, an oversight note every 16); each
event falls on a working day near its slot and is then *kept* with the profile's probability
on its day. A struggling authority keeps fewer, so gaps open up exactly where the metrics
look for them, and an improving one closes them month by month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seeds.authority_setting import AuthoritySetting


@dataclass(frozen=True)
class Cadence:
    every: int  # working days between slots
    jitter: int  # each event within +/- this many working days of its slot
    first: tuple[int, int]  # first slot: this many working days after the start (inclusive range)
    kept: str | None  # profile parameter: share of slots that happen; None keeps all


def recurring_events(
    setting: AuthoritySetting, starts: np.ndarray, ends: np.ndarray, cadence: Cadence
) -> tuple[np.ndarray, np.ndarray]:
    """Events through each period [start, end]: (period index, working day) per event."""
    rng, calendar = setting.rng, setting.calendar
    first_index = calendar.index_on_or_after(starts)
    last_index = calendar.index_on_or_after(np.asarray(ends) + 1) - 1
    slot = first_index + rng.integers(cadence.first[0], cadence.first[1] + 1, len(first_index))
    counts = np.where(last_index >= slot, (last_index - slot) // cadence.every + 1, 0)
    owner = np.repeat(np.arange(len(first_index)), counts)
    step = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    position = slot[owner] + step * cadence.every
    if cadence.jitter:
        position += rng.integers(-cadence.jitter, cadence.jitter + 1, len(owner))
    position = np.clip(position, first_index[owner], last_index[owner])
    days = calendar.day_at(position)
    if cadence.kept is not None:
        keep = setting.course.draw(cadence.kept, days, rng)
        owner, days = owner[keep], days[keep]
    return owner, days
