"""Generated landing areas shared by the generator's tests (each written once per session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from seeds.generate import generate

EXTRACT_DATE = date(2026, 11, 16)
HISTORY_START = date(2022, 4, 1)


@dataclass(frozen=True)
class Landing:
    root: Path
    summary: dict

    def snapshot(self, la_code: str = "901", extract_date: str = EXTRACT_DATE.isoformat()) -> Path:
        return self.root / la_code / extract_date


def _generate(factory: pytest.TempPathFactory, name: str, **options) -> Landing:
    root = factory.mktemp(name) / "landing"
    summary = generate(root, progress=False, jobs=1, **options)
    return Landing(root, summary)


@pytest.fixture(scope="session")
def typical(tmp_path_factory) -> Landing:
    """The default-sized authority, typical practice, clean data: the calibration set."""
    return _generate(tmp_path_factory, "typical", profile="typical", defect_rate=0)


@pytest.fixture(scope="session")
def struggling(tmp_path_factory) -> Landing:
    return _generate(tmp_path_factory, "struggling", profile="struggling", defect_rate=0)


@pytest.fixture(scope="session")
def improving(tmp_path_factory) -> Landing:
    return _generate(tmp_path_factory, "improving", profile="improving", defect_rate=0)


@pytest.fixture(scope="session")
def defected(tmp_path_factory) -> Landing:
    """A smaller authority with many defects, to count them in the files."""
    return _generate(tmp_path_factory, "defected", profile="typical", defect_rate=0.02, referrals_per_year=800)


@pytest.fixture(scope="session")
def monthly(tmp_path_factory) -> Landing:
    """A small authority's monthly series, clean."""
    return _generate(tmp_path_factory, "monthly", snapshots="monthly", defect_rate=0, referrals_per_year=250)


@pytest.fixture(scope="session")
def several(tmp_path_factory) -> Landing:
    """Four small authorities with the default defect rate."""
    return _generate(tmp_path_factory, "several", authorities=4, referrals_per_year=300)
