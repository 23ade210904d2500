"""How the kept-publications scenario measures storage: each file once, the serving file's own
link not counted as extra, and the folder as it was after an earlier refresh."""

from __future__ import annotations

import os

from benchmarks.scenarios.kept_publications import publications_of, storage_of


def _write(path, size):
    path.write_bytes(b"x" * size)
    return path.stat().st_blocks * 512


def _three_publications(tmp_path):
    serving = tmp_path / "serving.duckdb"
    folder = tmp_path / "serving-publications"
    folder.mkdir()
    older = _write(folder / "20261101T000000000000Z.duckdb", 64 * 1024)
    oldest = _write(folder / "20261001T000000000000Z.duckdb", 32 * 1024)
    serving_bytes = _write(serving, 128 * 1024)
    os.link(serving, folder / "20261201T000000000000Z.duckdb")
    return serving, oldest, older, serving_bytes


def test_the_newest_publication_is_the_serving_file_and_costs_nothing_extra(tmp_path):
    serving, oldest, older, serving_bytes = _three_publications(tmp_path)

    storage = storage_of(publications_of(serving))

    assert storage.publications == 3
    assert storage.serving_bytes == serving_bytes
    assert storage.folder_bytes == serving_bytes + older + oldest
    assert storage.extra_bytes == older + oldest


def test_after_an_earlier_refresh_the_folder_was_its_first_publications(tmp_path):
    serving, oldest, older, _ = _three_publications(tmp_path)
    kept = publications_of(serving)
    assert [path.name for path in kept] == [
        "20261001T000000000000Z.duckdb", "20261101T000000000000Z.duckdb",
        "20261201T000000000000Z.duckdb"]

    storage = storage_of(kept[:2])

    assert storage.publications == 2
    assert storage.serving_bytes == older  # the second publication was then the serving file
    assert storage.folder_bytes == oldest + older
    assert storage.extra_bytes == oldest


def test_a_lone_publication_adds_nothing(tmp_path):
    serving = tmp_path / "serving.duckdb"
    (tmp_path / "serving-publications").mkdir()
    serving_bytes = _write(serving, 16 * 1024)
    os.link(serving, tmp_path / "serving-publications" / "20261201T000000000000Z.duckdb")

    storage = storage_of(publications_of(serving))

    assert (storage.publications, storage.folder_bytes, storage.extra_bytes) == (1, serving_bytes, 0)
