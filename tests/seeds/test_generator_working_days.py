"""Working-day arithmetic, worked by hand against the 2026 calendar (Easter: Good Friday
3 April, Easter Monday 6 April; Christmas Day a Friday, Boxing Day substituted on 28 December)."""

from __future__ import annotations

from datetime import date

import numpy as np

from seeds.working_days import WorkingCalendar, day_number, to_date

CALENDAR = WorkingCalendar(date(2025, 1, 1), date(2027, 12, 31))


def d(text: str) -> int:
    return day_number(date.fromisoformat(text))


def test_wd_counts_days_after_the_start_up_to_and_including_the_end():
    cases = [
        ("2026-11-16", "2026-11-16", 0),  # same day
        ("2026-11-13", "2026-11-16", 1),  # Friday to Monday
        ("2026-11-14", "2026-11-16", 1),  # Saturday to Monday
        ("2026-04-02", "2026-04-07", 1),  # Thursday before Easter to Tuesday after
        ("2026-12-24", "2026-12-29", 1),  # Christmas Day, weekend and substitute Boxing Day skipped
        ("2026-11-02", "2026-11-30", 20),  # four whole weeks
    ]
    for start, end, expected in cases:
        assert int(CALENDAR.between(d(start), d(end))) == expected, (start, end)


def test_adding_working_days_lands_on_the_nth_working_day():
    starts = np.array([d("2026-04-02"), d("2026-11-16"), d("2026-11-14"), d("2026-12-24")])
    added = CALENDAR.add(starts, np.array([1, 45, 1, 1]))
    assert [to_date(x).isoformat() for x in added] == ["2026-04-07", "2027-01-21", "2026-11-16", "2026-12-29"]
    assert (CALENDAR.between(starts, added) == np.array([1, 45, 1, 1])).all()
    rolled = CALENDAR.roll_forward(np.array([d("2026-04-03"), d("2026-11-16")]))
    assert [to_date(x).isoformat() for x in rolled] == ["2026-04-07", "2026-11-16"]


def test_one_off_bank_holidays_are_not_working_days():
    one_off = WorkingCalendar(date(2022, 1, 1), date(2023, 12, 31))
    for day in ("2022-06-03", "2022-09-19", "2023-05-08"):  # Jubilee, state funeral, coronation
        assert not one_off.is_working_day(d(day))
    assert one_off.is_working_day(d("2022-09-20"))
