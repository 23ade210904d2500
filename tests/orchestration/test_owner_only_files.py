"""The warehouse, the archive and the serving database are created readable by their owner only."""

from __future__ import annotations

import os
import stat

import pytest
from snapshot_fixtures import write_snapshot

from orchestration.landing_load import load_landing_area
from orchestration.serving_publication import publish


@pytest.fixture
def permissive_umask():
    """A process that would create files anyone may read (umask 022), put back afterwards."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def test_what_a_refresh_creates_is_its_owners_only(paths, permissive_umask):
    write_snapshot(paths.landing_dir)
    load_landing_area(paths, log=lambda message: None)
    publish(paths, log=lambda message: None)

    archived = sorted(paths.archive_dir.rglob("*"))
    assert archived, "the snapshot was archived"
    assert {mode(p) for p in archived if p.is_dir()} == {"0o700"}
    assert {mode(p) for p in archived if p.is_file()} == {"0o600"}
    assert mode(paths.archive_dir) == "0o700"
    assert mode(paths.warehouse_path) == "0o600"
    assert mode(paths.serving_path) == "0o600"
    # and the process goes on creating private files: dbt, started after the load, inherits it
    assert os.umask(0o077) == 0o077
