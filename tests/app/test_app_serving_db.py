"""Reading the serving database: absent file, absent tables, locks, retries, a new file."""

import os
import threading
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from app import serving_db


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    """Retries happen at once here; what is tested is that they happen, not how long they take."""
    monkeypatch.setattr(serving_db.time, "sleep", lambda seconds: None)
    serving_db._read.clear()


def write_database(path, rows: int) -> None:
    connection = duckdb.connect(str(path))
    connection.execute(f"create table authorities as select '9' || range::varchar as la_code, date '2024-06-14' as snapshot_date, "
                       f"timestamp '2024-06-15 06:00' as loaded_at from range({rows})")
    connection.close()


def test_serving_path_is_made_absolute(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CSC_SERVING_PATH", "data/serving.duckdb")
    assert serving_db.serving_path() == tmp_path / "data" / "serving.duckdb"
    monkeypatch.delenv("CSC_SERVING_PATH")
    assert serving_db.serving_path() == serving_db.REPOSITORY_ROOT / "data" / "serving.duckdb"


def test_no_database_reads_as_nothing_loaded(monkeypatch, tmp_path):
    monkeypatch.setenv("CSC_SERVING_PATH", str(tmp_path / "absent.duckdb"))
    assert not serving_db.database_exists()
    assert serving_db.authorities().empty
    assert serving_db.table_names() == frozenset()


def test_an_unpublished_table_reads_as_empty(monkeypatch, tmp_path):
    write_database(tmp_path / "serving.duckdb", 2)
    monkeypatch.setenv("CSC_SERVING_PATH", str(tmp_path / "serving.duckdb"))
    assert serving_db.table_names() == frozenset({"authorities"})
    assert serving_db.authorities()["la_code"].tolist() == ["90", "91"]
    assert serving_db.improvement_tracker("90").empty


def test_a_lock_held_during_a_refresh_is_waited_out(monkeypatch, tmp_path):
    write_database(tmp_path / "serving.duckdb", 3)
    monkeypatch.setenv("CSC_SERVING_PATH", str(tmp_path / "serving.duckdb"))
    real_connect = duckdb.connect
    attempts = []

    def locked_twice(*args, **kwargs):
        attempts.append(args)
        if len(attempts) <= 2:
            raise duckdb.IOException('Could not set lock on file "serving.duckdb": Conflicting lock is held')
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(serving_db.duckdb, "connect", locked_twice)
    assert len(serving_db.authorities()) == 3
    # Two refused, then one connection for both reads (the list of tables, the authorities).
    assert len(attempts) == 3
    assert serving_db._open_files[str(tmp_path / "serving.duckdb")].connection.execute(
        "select readonly from duckdb_databases() where database_name = 'serving'"
    ).fetchall() == [(True,)]


def test_a_lock_that_outlasts_the_retries_is_reported_in_plain_words(monkeypatch, tmp_path):
    path = tmp_path / "serving.duckdb"
    write_database(path, 1)
    monkeypatch.setenv("CSC_SERVING_PATH", str(path))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()", str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(serving_db.ServingDatabaseError, match="stayed locked or missing .* Reload the page"):
            serving_db.authorities()
    finally:
        holder.stdin.close()
        holder.wait()
    assert len(serving_db.authorities()) == 1


def test_a_newly_published_file_is_read_at_once_despite_the_cache(monkeypatch, tmp_path):
    path = tmp_path / "serving.duckdb"
    write_database(path, 1)
    monkeypatch.setenv("CSC_SERVING_PATH", str(path))
    assert len(serving_db.authorities()) == 1
    write_database(tmp_path / "next.duckdb", 4)
    os.replace(tmp_path / "next.duckdb", path)
    assert len(serving_db.authorities()) == 4


def test_a_query_the_database_cannot_answer_names_the_cause(monkeypatch, tmp_path):
    connection = duckdb.connect(str(tmp_path / "serving.duckdb"))
    connection.execute("create table authorities (la_code varchar)")
    connection.close()
    monkeypatch.setenv("CSC_SERVING_PATH", str(tmp_path / "serving.duckdb"))
    with pytest.raises(serving_db.ServingDatabaseError, match="different version of the warehouse.*snapshot_date"):
        serving_db.authorities()


def count_connections(monkeypatch) -> list[tuple]:
    """The connections serving_db opens from now on (each an in-memory database the serving
    file is attached to; the test's own writing connections are not counted)."""
    opened = []
    real_connect = duckdb.connect

    def counting(*args, **kwargs):
        if args == (":memory:",):
            opened.append(args)
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(serving_db.duckdb, "connect", counting)
    return opened


def test_one_connection_serves_every_read_of_a_file_until_it_is_replaced(monkeypatch, tmp_path):
    path = tmp_path / "serving.duckdb"
    write_database(path, 2)
    monkeypatch.setenv("CSC_SERVING_PATH", str(path))
    opened = count_connections(monkeypatch)
    for read in range(3):
        serving_db._read.clear()
        assert len(serving_db.authorities()) == 2
    assert len(opened) == 1
    first = serving_db._open_files[str(path)]

    write_database(tmp_path / "next.duckdb", 5)
    os.replace(tmp_path / "next.duckdb", path)
    assert len(serving_db.authorities()) == 5
    assert len(opened) == 2
    # The replaced file's connection is closed: the old file is not held open.
    with pytest.raises(duckdb.ConnectionException):
        first.connection.execute("select 1")


def test_threads_read_side_by_side_across_a_publication(monkeypatch, tmp_path):
    """Streamlit runs each session's script in a thread of its own: reads share the connection
    (a cursor each), and a publication while they run costs none of them its answer."""
    path = tmp_path / "serving.duckdb"
    write_database(path, 2)
    write_database(tmp_path / "next.duckdb", 7)
    monkeypatch.setenv("CSC_SERVING_PATH", str(path))
    counts: list[int] = []
    errors: list[BaseException] = []
    published = threading.Event()

    def read_many(thread: int) -> None:
        try:
            for read in range(25):
                if thread == 0 and read == 10:
                    os.replace(tmp_path / "next.duckdb", path)
                    published.set()
                counts.append(len(serving_db.query_case_level(
                    "select * from authorities where la_code <> ?", [f"x{thread}-{read}"]
                )))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=read_many, args=(thread,)) for thread in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert published.is_set()
    assert len(counts) == 150 and set(counts) <= {2, 7}
    assert len(serving_db.authorities()) == 7


def test_the_latest_and_a_kept_publication_each_keep_their_connection(monkeypatch, tmp_path):
    """Viewers may read a kept publication beside the latest: reading them in turn reopens
    neither."""
    write_database(tmp_path / "latest.duckdb", 3)
    write_database(tmp_path / "kept.duckdb", 1)
    opened = count_connections(monkeypatch)
    for read in range(3):
        for path, rows in ((tmp_path / "latest.duckdb", 3), (tmp_path / "kept.duckdb", 1)):
            serving_db._read.clear()
            assert len(serving_db._query("select * from authorities", path=path)) == rows
    assert len(opened) == 2


def test_a_publication_made_before_the_page_tables_reads_the_same_from_metric_values(monkeypatch, tmp_path):
    from tests.app.serving_fixture import PAGE_TABLES, build_serving_database

    def reads(path) -> list[pd.DataFrame]:
        monkeypatch.setenv("CSC_SERVING_PATH", str(path))
        return [
            serving_db.metric_slices(["901"]), serving_db.metric_slices(["901", "902"]),
            serving_db.latest_complete_values("901", "month"),
            serving_db.latest_complete_values("902", "financial_year"),
            serving_db.latest_complete_values_of_all("quarter"),
            serving_db.metric_values(["901", "902"], "assessment_within_45wd", "month", ["all"]),
        ]

    now = reads(build_serving_database(tmp_path / "now.duckdb"))
    before = reads(build_serving_database(tmp_path / "before.duckdb", leave_out=frozenset(PAGE_TABLES)))
    assert all(not frame.empty for frame in now)
    for shaped, worked_out in zip(now, before):
        pd.testing.assert_frame_equal(shaped, worked_out, check_dtype=False)


def test_the_whole_authoritys_rows_read_as_metric_values_gives_them_type_for_type(monkeypatch, tmp_path):
    """Their mart's read leaves out the texts its query fixes (metric, grain, the slice 'all')
    and adds them after: the frame is metric_values' own, column for column and type for type,
    a read that finds nothing (whose texts DuckDB types otherwise) too."""
    from tests.app.serving_fixture import PAGE_TABLES, build_serving_database

    def read(path, metric_id: str) -> pd.DataFrame:
        monkeypatch.setenv("CSC_SERVING_PATH", str(path))
        return serving_db.metric_values(["901", "902"], metric_id, "month", ["all"])

    shaped = build_serving_database(tmp_path / "now.duckdb")
    unshaped = build_serving_database(tmp_path / "before.duckdb", leave_out=frozenset(PAGE_TABLES))
    rows = read(shaped, "assessment_within_45wd")
    pd.testing.assert_frame_equal(rows, read(unshaped, "assessment_within_45wd"))
    assert rows[["metric_id", "period_grain", "dimension", "dimension_value"]].drop_duplicates().values.tolist() == [
        ["assessment_within_45wd", "month", "all", "all"]]
    nothing = read(shaped, "no_such_metric")
    assert nothing.empty and list(nothing.columns) == list(rows.columns)
    pd.testing.assert_frame_equal(nothing, read(unshaped, "no_such_metric"))
