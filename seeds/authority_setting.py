"""What every part of an authority's history is played out in: its own random stream, the
working-day calendar, its practice course over time, its workforce and the history's span."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seeds.profiles import PracticeCourse
from seeds.working_days import WorkingCalendar
from seeds.workforce import Workforce


@dataclass(frozen=True)
class AuthoritySetting:
    rng: np.random.Generator
    calendar: WorkingCalendar
    course: PracticeCourse
    workforce: Workforce
    history_start: int  # day number
    extract_day: int  # day number
