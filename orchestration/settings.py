"""Where the warehouse's files are: environment variables, with defaults under the repository.

A value given in the environment may be relative: it is taken from the current directory, as a
shell user would expect. The defaults are taken from the repository root, so `make` and Dagster
land on the same files whichever folder they start in. Every path is absolute after this.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent

# variable -> default, relative to the repository root
DEFAULTS = {
    "CSC_LANDING_DIR": "data/landing",
    "CSC_ARCHIVE_DIR": "data/archive",
    "CSC_WAREHOUSE_PATH": "data/warehouse.duckdb",
    "CSC_SERVING_PATH": "data/serving.duckdb",
}
FAIL_ON_REJECTION_VARIABLE = "CSC_FAIL_ON_REJECTION"
SUCCESS_GRACE_VARIABLE = "CSC_SUCCESS_GRACE_HOURS"
KEEP_ALL_DAYS_VARIABLE = "CSC_KEEP_ALL_PUBLICATIONS_DAYS"
KEEP_MONTHLY_YEARS_VARIABLE = "CSC_KEEP_MONTHLY_PUBLICATIONS_YEARS"
DEFAULT_KEEP_ALL_DAYS = 90
DEFAULT_KEEP_MONTHLY_YEARS = 7
# A folder of the DfE's CIN census schemas (cin_census_<year>.xsd), when the authority has them.
CENSUS_SCHEMA_VARIABLE = "CSC_CIN_CENSUS_SCHEMA_DIR"
DEFAULT_SUCCESS_GRACE_HOURS = 24.0
# The limits a delivery is judged by (DeliveryLimits), variable -> field.
LIMIT_VARIABLES = {
    "CSC_EARLIEST_DATE": "earliest_date",
    "CSC_EVENT_DATE_YEARS": "event_date_years",
    "CSC_BIRTH_DATE_YEARS": "birth_date_years",
    "CSC_MAX_QUARANTINED_SHARE": "max_quarantined_share",
    "CSC_MAX_ROW_DROP": "max_row_drop",
    "CSC_HOLD_MIN_ROWS": "hold_min_rows",
}
_TRUE_WORDS = {"1", "true", "yes", "y", "on"}
_FALSE_WORDS = {"", "0", "false", "no", "n", "off"}


@dataclass(frozen=True)
class DeliveryLimits:
    """What a delivery is judged by, beyond its format (orchestration/README.md, "Settings").

    Plausible dates (validation_rules): a date before `earliest_date`, an event of the case
    more than `event_date_years` before the extract date, or a date of birth more than
    `birth_date_years` before it quarantines its row. Deliveries held for review
    (delivery_holds): a table with more than `max_quarantined_share` of its rows quarantined,
    or whose rows fall by more than `max_row_drop` since the authority's previous snapshot,
    holds the snapshot, when at least `hold_min_rows` rows are quarantined or gone (a share of
    a handful of rows says little: one bad row of a hand-made ten is not a bad delivery).
    """

    earliest_date: date = date(1900, 1, 1)
    event_date_years: int = 30
    birth_date_years: int = 26
    max_quarantined_share: float = 0.05
    max_row_drop: float = 0.20
    hold_min_rows: int = 20


@dataclass(frozen=True)
class WarehousePaths:
    landing_dir: Path
    archive_dir: Path
    warehouse_path: Path
    serving_path: Path
    # Whether a refresh that had to reject a delivered snapshot ends as a failed run (after
    # loading and publishing everything else): for operators who want a non-zero exit.
    fail_on_rejection: bool = False
    # How long a snapshot folder may wait for its _SUCCESS file before it is reported (in the
    # log and on the app's data quality page) as a delivery that never completed.
    success_grace_hours: float = DEFAULT_SUCCESS_GRACE_HOURS
    # Which publications of the serving database are kept (kept_publications): every one of
    # the last days, and the last of each month for the years.
    keep_all_publications_days: int = DEFAULT_KEEP_ALL_DAYS
    keep_monthly_publications_years: int = DEFAULT_KEEP_MONTHLY_YEARS
    # Where the DfE schemas CIN census returns are checked against are (census_schema_check);
    # None: no schema check, the warehouse's own rules alone.
    census_schema_dir: Path | None = None
    limits: DeliveryLimits = field(default_factory=DeliveryLimits)

    def __post_init__(self) -> None:
        for name in ("landing_dir", "archive_dir", "warehouse_path", "serving_path"):
            object.__setattr__(self, name, absolute(getattr(self, name)))
        if self.census_schema_dir is not None:
            object.__setattr__(self, "census_schema_dir", absolute(self.census_schema_dir))

    @property
    def lock_path(self) -> Path:
        return self.warehouse_path.with_name(self.warehouse_path.name + ".lock")


def absolute(path: str | os.PathLike[str]) -> Path:
    """The path made absolute against the current directory, `~` expanded."""
    return Path(os.path.abspath(Path(path).expanduser()))


def paths_from_environment(environment: Mapping[str, str] | None = None) -> WarehousePaths:
    """The settings from the environment (os.environ unless given), defaults filled in."""
    environment = os.environ if environment is None else environment

    def setting(variable: str) -> Path:
        value = environment.get(variable, "").strip()
        return absolute(value) if value else REPOSITORY_ROOT / DEFAULTS[variable]

    return WarehousePaths(
        landing_dir=setting("CSC_LANDING_DIR"),
        archive_dir=setting("CSC_ARCHIVE_DIR"),
        warehouse_path=setting("CSC_WAREHOUSE_PATH"),
        serving_path=setting("CSC_SERVING_PATH"),
        fail_on_rejection=_yes_or_no(
            FAIL_ON_REJECTION_VARIABLE, environment.get(FAIL_ON_REJECTION_VARIABLE, "")
        ),
        success_grace_hours=_hours(
            SUCCESS_GRACE_VARIABLE,
            environment.get(SUCCESS_GRACE_VARIABLE, ""),
            DEFAULT_SUCCESS_GRACE_HOURS,
        ),
        keep_all_publications_days=_whole_number(
            KEEP_ALL_DAYS_VARIABLE, environment.get(KEEP_ALL_DAYS_VARIABLE, ""), DEFAULT_KEEP_ALL_DAYS
        ),
        keep_monthly_publications_years=_whole_number(
            KEEP_MONTHLY_YEARS_VARIABLE,
            environment.get(KEEP_MONTHLY_YEARS_VARIABLE, ""),
            DEFAULT_KEEP_MONTHLY_YEARS,
        ),
        census_schema_dir=(
            absolute(environment[CENSUS_SCHEMA_VARIABLE])
            if environment.get(CENSUS_SCHEMA_VARIABLE, "").strip()
            else None
        ),
        limits=limits_from_environment(environment),
    )


def limits_from_environment(environment: Mapping[str, str]) -> DeliveryLimits:
    """The delivery limits, each from its variable when set (LIMIT_VARIABLES)."""
    readers = {
        "earliest_date": _day,
        "event_date_years": _years,
        "birth_date_years": _years,
        "max_quarantined_share": _share,
        "max_row_drop": _share,
        "hold_min_rows": _rows,
    }
    values = {}
    for variable, name in LIMIT_VARIABLES.items():
        value = environment.get(variable, "").strip()
        if value:
            values[name] = readers[name](variable, value)
    return DeliveryLimits(**values)


def _day(variable: str, value: str) -> date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(f"{variable}={value!r} is not a date written YYYY-MM-DD (as 1900-01-01)")


def _years(variable: str, value: str) -> int:
    if value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    raise ValueError(f"{variable}={value!r} is not a whole number of years (1 or more, as 30)")


def _rows(variable: str, value: str) -> int:
    if value.isascii() and value.isdigit():
        return int(value)
    raise ValueError(f"{variable}={value!r} is not a whole number of rows (0 or more, as 20)")


def _share(variable: str, value: str) -> float:
    """A share written as a percentage (5%) or a fraction (0.05), from 0 to all of it."""
    try:
        share = float(value.removesuffix("%")) / (100 if value.endswith("%") else 1)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        raise ValueError(
            f"{variable}={value!r} is not a share: a percentage (as 5%) or a fraction from 0 to 1 "
            "(as 0.05)"
        )
    return share


def _hours(variable: str, value: str, default: float) -> float:
    if not value.strip():
        return default
    try:
        hours = float(value)
    except ValueError:
        hours = -1.0
    if not 0 <= hours < float("inf"):
        raise ValueError(f"{variable}={value!r} is not a number of hours (0 or more, as 24 or 1.5)")
    return hours


def _whole_number(variable: str, value: str, default: int) -> int:
    if not value.strip():
        return default
    if not value.strip().isdigit():
        raise ValueError(f"{variable}={value!r} is not a whole number (0 or more, as 90)")
    return int(value.strip())


def _yes_or_no(variable: str, value: str) -> bool:
    word = value.strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValueError(f"{variable}={value!r} is neither yes (1, true, yes) nor no (0, false, no)")
