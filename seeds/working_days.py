"""Working days: Monday to Friday, not an England and Wales bank holiday.

Dates are whole day numbers (days since 1970-01-01, as numpy's ``datetime64[D]`` counts
them) so that every calculation over thousands of records is one array operation.

``wd(a, b)`` counts the working days d with a < d <= b, exactly as the metrics define it:
the same day is 0, Friday to the next Monday is 1.
"""

from __future__ import annotations

from datetime import date

import holidays
import numpy as np

EPOCH = date(1970, 1, 1)


def day_number(value: date) -> int:
    """The day number of a calendar date."""
    return (value - EPOCH).days


def to_date(number: int) -> date:
    """The calendar date of a day number."""
    return date.fromordinal(EPOCH.toordinal() + int(number))


class WorkingCalendar:
    """Working-day arithmetic over a fixed span of days, vectorised.

    Every day outside the span is clipped to its ends; callers give the span generously
    (the generator's events beyond the extract date are censored anyway).
    """

    def __init__(self, first: date, last: date) -> None:
        if last < first:
            raise ValueError(f"calendar ends ({last}) before it starts ({first})")
        self.first = day_number(first)
        self.last = day_number(last)
        days = np.arange(self.first, self.last + 1, dtype=np.int64)
        weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
        bank_holidays = holidays.country_holidays(
            "GB", subdiv="ENG", years=range(first.year, last.year + 1)
        )
        holiday_numbers = np.array(
            sorted(day_number(d) for d in bank_holidays), dtype=np.int64
        )
        self.is_holiday = np.isin(days, holiday_numbers)
        self.is_working = (weekday < 5) & ~self.is_holiday
        calendar_days = days.astype("datetime64[D]")
        months = calendar_days.astype("datetime64[M]")
        self.month = months.astype(np.int64) % 12 + 1
        self.day_of_month = (calendar_days - months.astype("datetime64[D]")).astype(np.int64) + 1
        self.weekday = weekday
        self.is_christmas_day = (self.month == 12) & (self.day_of_month == 25)
        self.days = days
        # cumulative[i]: working days from the first day up to and including day i.
        self.cumulative = np.cumsum(self.is_working)
        self.working = days[self.is_working]

    # -- positions -----------------------------------------------------------------
    def _offset(self, days: np.ndarray | int) -> np.ndarray:
        return np.clip(np.asarray(days, dtype=np.int64) - self.first, 0, self.last - self.first)

    def index_on_or_after(self, days: np.ndarray | int) -> np.ndarray:
        """Position in ``working`` of the first working day on or after each day."""
        offset = self._offset(days)
        return self.cumulative[offset] - self.is_working[offset]

    def day_at(self, index: np.ndarray | int) -> np.ndarray:
        """The working day at each position of ``working`` (clipped to the span)."""
        return self.working[np.clip(np.asarray(index, dtype=np.int64), 0, len(self.working) - 1)]

    # -- arithmetic ----------------------------------------------------------------
    def roll_forward(self, days: np.ndarray | int) -> np.ndarray:
        """Each day itself if it is a working day, else the next working day."""
        return self.day_at(self.index_on_or_after(days))

    def add(self, days: np.ndarray | int, working_days: np.ndarray | int) -> np.ndarray:
        """The n-th working day after each day (n >= 1), so that wd(day, result) == n.

        With n == 0 a working day is returned unchanged and any other day rolls forward.
        """
        n = np.asarray(working_days, dtype=np.int64)
        offset = self._offset(days)
        before = self.cumulative[offset] - 1  # position of the day, or of the one before it
        return np.where(
            n > 0, self.day_at(before + n), self.day_at(self.cumulative[offset] - self.is_working[offset])
        )

    def between(self, start: np.ndarray | int, end: np.ndarray | int) -> np.ndarray:
        """wd(start, end): working days d with start < d <= end."""
        return self.cumulative[self._offset(end)] - self.cumulative[self._offset(start)]

    def is_working_day(self, days: np.ndarray | int) -> np.ndarray:
        return self.is_working[self._offset(days)]
