"""Writes seeds/bank_holidays.csv: England and Wales bank holidays from the `holidays` package.

England and Wales share one list (the package's subdivisions ENG and WLS agree); it holds the
substitute ("observed") days and the one-off holidays such as 2022-09-19 and 2023-05-08. The
years match the date dimension's span (vars calendar_first_date / calendar_last_date in
dbt_project.yml). Run it after upgrading `holidays`; tests/dbt fails while the committed seed
differs from what the installed package says.

    python dbt_project/scripts/bank_holidays.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import holidays

FIRST_YEAR = 1970
LAST_YEAR = 2059
SEED_PATH = Path(__file__).resolve().parents[1] / "seeds" / "bank_holidays.csv"


def bank_holiday_rows(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> list[tuple[str, str]]:
    """(ISO date, name) for every England and Wales bank holiday in the years, in date order."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return [(day.isoformat(), name) for day, name in sorted(calendar.items())]


def bank_holidays_csv(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR) -> str:
    """The seed file's exact text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["holiday_date", "holiday_name"])
    writer.writerows(bank_holiday_rows(first_year, last_year))
    return out.getvalue()


def main() -> None:
    SEED_PATH.write_text(bank_holidays_csv(), encoding="utf-8")
    print(f"wrote {SEED_PATH}")


if __name__ == "__main__":
    main()
