"""Reading the serving database: absent file, absent tables, locks, retries, a new file."""

import os
import subprocess
import sys

import duckdb
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
        attempts.append(kwargs)
        if len(attempts) <= 2:
            raise duckdb.IOException('Could not set lock on file "serving.duckdb": Conflicting lock is held')
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(serving_db.duckdb, "connect", locked_twice)
    assert len(serving_db.authorities()) == 3
    # Two refused, then one for the list of tables and one for the authorities, all read-only.
    assert attempts == [{"read_only": True}] * 4


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
