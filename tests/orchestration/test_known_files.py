"""Files already loaded are known again by their identity, without being read again; a file
whose identity changed is read again, and the ledger decides as it always has."""

from __future__ import annotations

import os

import pytest
from snapshot_fixtures import BASE, DAY, LA, query, write_snapshot

from orchestration import known_files
from orchestration.file_facts import read_all_facts
from orchestration.landing_load import load_landing_area

PERSON = f"{LA}/{DAY}/ssd_person.csv"


@pytest.fixture
def reads(monkeypatch) -> list[list[str]]:
    """The files each load read, as "<la>/<date>/<file>", one list per load."""
    seen: list[list[str]] = []

    def recording(paths):
        paths = list(paths)
        seen.append(sorted(p.relative_to(p.parents[2]).as_posix() for p in paths))
        return read_all_facts(paths)

    monkeypatch.setattr(known_files, "read_all_facts", recording)
    return seen


@pytest.fixture
def settled(monkeypatch):
    """Files count as settled however recently they changed (the tests write them just now)."""
    monkeypatch.setattr(known_files, "_SETTLED_NS", 0)


def load(paths):
    return load_landing_area(paths, log=lambda message: None)


def every_file() -> list[str]:
    return sorted(f"{LA}/{DAY}/{table}.csv" for table in BASE)


def later(path, seconds: int = 10) -> None:
    """Move the file's modification time on, as a write a little later would."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + seconds * 1_000_000_000))


def test_a_file_already_read_is_not_read_again(paths, reads, settled):
    write_snapshot(paths.landing_dir)
    load(paths)
    again = load(paths)

    assert reads == [every_file(), []]
    assert [d.action.value for d in again.decisions] == ["already loaded"]
    # What was remembered is what reading the file says.
    [(size, sha256, lines)] = query(
        paths.warehouse_path,
        "SELECT size_bytes, sha256, content_lines FROM audit.file_facts WHERE source_file = ?",
        [PERSON],
    )
    fresh = read_all_facts([paths.landing_dir / PERSON])[paths.landing_dir / PERSON]
    assert (size, sha256, lines) == (fresh.size_bytes, fresh.sha256, fresh.content_lines)


def test_a_changed_file_of_the_same_size_is_read_again_and_refused(paths, reads, settled):
    folder = write_snapshot(paths.landing_dir)
    load(paths)
    person = folder / "ssd_person.csv"
    before = person.stat().st_size
    person.write_text(BASE["ssd_person"].replace("Amy", "Ann"))  # the same number of bytes
    later(person)
    assert person.stat().st_size == before

    report = load(paths)

    assert reads[1] == [PERSON]
    [refusal] = report.attempts
    assert refusal.status == "rejected"
    assert "ssd_person.csv has changed (SHA-256 was " in refusal.message


def test_a_changed_file_given_back_its_old_times_is_read_again(paths, reads, settled):
    """Copying tools keep a file's times; the change time, which none can set, gives it away."""
    folder = write_snapshot(paths.landing_dir)
    load(paths)
    person = folder / "ssd_person.csv"
    status = person.stat()
    person.write_text(BASE["ssd_person"].replace("Amy", "Ann"))
    os.utime(person, ns=(status.st_atime_ns, status.st_mtime_ns))

    report = load(paths)

    assert reads[1] == [PERSON]
    assert [d.action.value for d in report.decisions] == ["refuse"]


def test_a_touched_file_is_read_again_and_not_loaded_again(paths, reads, settled):
    folder = write_snapshot(paths.landing_dir)
    load(paths)
    loads = "SELECT load_id, status FROM audit.snapshot_loads"
    before = query(paths.warehouse_path, loads)
    later(folder / "ssd_person.csv")

    touched = load(paths)
    third = load(paths)

    assert reads == [every_file(), [PERSON], []]  # read once more, then known by its new times
    assert touched.attempts == ()
    assert [d.action.value for d in touched.decisions] == ["already loaded"]
    assert query(paths.warehouse_path, loads) == before
    assert [d.action.value for d in third.decisions] == ["already loaded"]


def test_a_file_read_just_after_it_was_written_is_read_again(paths, reads):
    """Within the file system's clock tick a write could leave the times as they were, so a
    file read that soon after it changed is not trusted by its times (the default margin)."""
    write_snapshot(paths.landing_dir)
    load(paths)
    load(paths)

    assert reads == [every_file(), every_file()]


def test_a_new_snapshot_reads_its_own_files_only(paths, reads, settled):
    write_snapshot(paths.landing_dir)
    load(paths)
    write_snapshot(paths.landing_dir, day="2024-04-30")

    report = load(paths)

    assert reads[1] == sorted(f"{LA}/2024-04-30/{table}.csv" for table in BASE)
    assert [d.action.value for d in report.decisions] == ["already loaded", "load"]
