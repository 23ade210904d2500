"""Fixtures for the loading tests: a fresh landing area, archive and warehouse per test."""

from __future__ import annotations

import shutil

import pytest
from snapshot_fixtures import EARLIER_DAY, make_paths, write_snapshot

from orchestration.landing_load import load_landing_area
from orchestration.settings import WarehousePaths

@pytest.fixture
def paths(tmp_path) -> WarehousePaths:
    made = make_paths(tmp_path)
    made.landing_dir.mkdir()
    return made


@pytest.fixture(scope="session")
def _warehouse_with_earlier_snapshot(tmp_path_factory):
    root = tmp_path_factory.mktemp("earlier")
    made = make_paths(root)
    write_snapshot(made.landing_dir, day=EARLIER_DAY)
    load_landing_area(made, log=lambda message: None)
    return root


@pytest.fixture
def loaded_paths(tmp_path, _warehouse_with_earlier_snapshot) -> WarehousePaths:
    """A warehouse that already holds authority 901's snapshot of 2024-02-29 (the base files)."""
    root = tmp_path / "state"
    shutil.copytree(_warehouse_with_earlier_snapshot, root)
    return make_paths(root)
