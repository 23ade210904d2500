"""How the kept-publications scenario measures storage: each file once, the serving file's own
link not counted as extra."""

from __future__ import annotations

import os

from benchmarks.scenarios.kept_publications import storage_of


def _write(path, size):
    path.write_bytes(b"x" * size)
    return path.stat().st_blocks * 512


def test_the_newest_publication_is_the_serving_file_and_costs_nothing_extra(tmp_path):
    serving = tmp_path / "serving.duckdb"
    folder = tmp_path / "serving-publications"
    folder.mkdir()
    older = _write(folder / "20261101T000000000000Z.duckdb", 64 * 1024)
    oldest = _write(folder / "20261001T000000000000Z.duckdb", 32 * 1024)
    serving_bytes = _write(serving, 128 * 1024)
    os.link(serving, folder / "20261201T000000000000Z.duckdb")

    storage = storage_of(serving)

    assert storage.publications == 3
    assert storage.serving_bytes == serving_bytes
    assert storage.folder_bytes == serving_bytes + older + oldest
    assert storage.extra_bytes == older + oldest


def test_a_lone_publication_adds_nothing(tmp_path):
    serving = tmp_path / "serving.duckdb"
    (tmp_path / "serving-publications").mkdir()
    serving_bytes = _write(serving, 16 * 1024)
    os.link(serving, tmp_path / "serving-publications" / "20261201T000000000000Z.duckdb")

    storage = storage_of(serving)

    assert (storage.publications, storage.folder_bytes, storage.extra_bytes) == (1, serving_bytes, 0)
