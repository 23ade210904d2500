"""The serving file does not grow publication after publication: an updated copy of the last
publication reuses the blocks its replaced rows let go, and one that has grown past
GROWTH_BOUND all the same is written whole instead."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pytest
from snapshot_fixtures import make_paths, query, write_snapshot

from orchestration.landing_load import load_landing_area
from orchestration.metrics_build_scope import BuildScope, record_build
from orchestration import serving_publication
from orchestration.serving_publication import GROWTH_BOUND, publish

# 902's rows fill a few row groups of the mart; 901's, remade by every build, a part of one.
ROWS = {"902": 400_000, "901": 20_000}
PUBLICATIONS = 4
# Every table but the two that name the publication itself.
COMPARED = ("absent_columns", "authorities", "held_acceptances", "landing_notices",
            "load_ledger", "metric_values", "quarantine", "snapshot_loads", "value_notes")


def build_metrics(warehouse, number: int) -> None:
    """What a metrics build of `number` leaves: 902's rows as the first build made them, 901's
    remade by every build (a new snapshot of 901 each time), recorded as a build of 901 only."""
    connection = duckdb.connect(str(warehouse))
    try:
        connection.execute("CREATE SCHEMA IF NOT EXISTS marts")
        if number == 1:
            connection.execute(
                "CREATE TABLE marts.metric_values AS SELECT '902' AS la_code, i AS row_number, "
                f"md5(i::VARCHAR) AS value FROM range({ROWS['902']}) r(i)"
            )
        connection.execute("DELETE FROM marts.metric_values WHERE la_code = '901'")
        connection.execute(
            f"INSERT INTO marts.metric_values SELECT '901', i, md5((i + {number})::VARCHAR) "
            f"FROM range({ROWS['901']}) r(i)"
        )
    finally:
        connection.close()
    record_build(warehouse, BuildScope(None if number == 1 else ("901",), "", ()), "", None)


def table_rows(database, table: str) -> list[tuple]:
    return query(database, f"SELECT * FROM main.{table} ORDER BY ALL")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    paths = make_paths(tmp_path_factory.mktemp("growth"))
    paths.landing_dir.mkdir()
    write_snapshot(paths.landing_dir)
    load_landing_area(paths, log=lambda message: None)
    return paths


@pytest.fixture(scope="module")
def published(site, tmp_path_factory):
    """PUBLICATIONS publications, each after a build that remade 901's rows; after each, the
    serving file's blocks and a publication of the same warehouse written from scratch."""
    paths = site
    publications = []
    for number in range(1, PUBLICATIONS + 1):
        build_metrics(paths.warehouse_path, number)
        messages = []
        publication = publish(paths, log=messages.append)
        scratch = replace(
            paths, serving_path=tmp_path_factory.mktemp(f"scratch-{number}") / "serving.duckdb"
        )
        publish(scratch, log=lambda message: None)
        publications.append((
            publication.updated_authorities,
            paths.serving_path.stat().st_size,
            query(paths.serving_path, "SELECT written_whole_bytes FROM refresh_info")[0][0],
            {table: table_rows(paths.serving_path, table) for table in COMPARED},
            {table: table_rows(scratch.serving_path, table) for table in COMPARED},
            messages,
        ))
    return publications


def test_every_updated_copy_is_published_and_the_file_does_not_grow(published):
    # 37 blocks of 256 KiB written whole; each copy with 901's rows replaced, 41 or 39: the
    # blocks 901's old rows let go take its new ones (in one transaction with the deletes, the
    # copies grew to 45, 47, ... blocks, and every other one was written whole).
    assert [(scope, size, whole) for scope, size, whole, *_ in published] == [
        (None, 9_711_616, 9_711_616),
        (("901",), 10_760_192, 9_711_616),
        (("901",), 10_235_904, 9_711_616),
        (("901",), 10_760_192, 9_711_616),
    ]
    assert not [message for message in published[-1][-1] if "whole" in message]


def test_no_published_file_is_larger_than_the_bound_times_the_last_written_whole(published):
    last_whole = None
    for scope, size, whole, *_ in published:
        if scope is None:
            last_whole = size
        assert whole == last_whole
        assert size <= GROWTH_BOUND * last_whole


def test_every_publication_equals_one_written_from_scratch(published):
    for *_, rows, from_scratch, _messages in published:
        assert rows == from_scratch
    assert len(published[-1][3]["metric_values"]) == sum(ROWS.values())


def test_a_copy_past_the_bound_is_written_whole(site, published, monkeypatch):
    monkeypatch.setattr(serving_publication, "GROWTH_BOUND", 1.0)
    build_metrics(site.warehouse_path, PUBLICATIONS + 1)
    messages = []
    publication = publish(site, log=messages.append)
    assert publication.updated_authorities is None
    assert site.serving_path.stat().st_size == 9_711_616
    assert [message for message in messages if "whole" in message] == [
        "The updated copy of the last publication would take 10,235,904 bytes, more than "
        "1.0 times the 9,711,616 of the last one written whole: writing this one whole instead."
    ]
