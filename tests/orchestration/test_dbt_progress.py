"""dbt's output in the run's log: per-node lines at DEBUG, several to an event, in order; the
terminal's lines (found, quarters, warnings, failures, summary) each an event of its own."""

from __future__ import annotations

from orchestration import dbt_progress
from orchestration.dbt_progress import DbtOutput


class RecordedLog:
    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []

    def debug(self, msg: str) -> None:
        self.events.append(("debug", msg))

    def info(self, msg: str) -> None:
        self.events.append(("info", msg))

    def warning(self, msg: str) -> None:
        self.events.append(("warning", msg))

    def error(self, msg: str) -> None:
        self.events.append(("error", msg))


def test_debug_lines_share_events_and_keep_their_order(monkeypatch):
    monkeypatch.setattr(dbt_progress, "DEBUG_LINES_PER_EVENT", 3)
    log = RecordedLog()
    output = DbtOutput(log, "build")
    output.write("Running with dbt=1.11\nFound 8 models, 0 data tests\n")
    for number in range(1, 9):
        status = "WARN 2" if number == 5 else "OK"
        output.write(f"{number} of 8 START sql table model m{number}\n")
        output.write(f"{number} of 8 {status} created sql table model m{number}\n")
    output.write("Finished running 8 table models in 0 hours 0 minutes\nDone. PASS=8")
    output.close()
    assert log.events == [
        ("debug", "Running with dbt=1.11"),
        ("info", "dbt build: Found 8 models, 0 data tests"),
        ("debug", "1 of 8 START sql table model m1\n1 of 8 OK created sql table model m1\n"
                  "2 of 8 START sql table model m2"),
        ("debug", "2 of 8 OK created sql table model m2"),
        ("info", "dbt build: 2 of 8 nodes done."),
        ("debug", "3 of 8 START sql table model m3\n3 of 8 OK created sql table model m3\n"
                  "4 of 8 START sql table model m4"),
        ("debug", "4 of 8 OK created sql table model m4"),
        ("info", "dbt build: 4 of 8 nodes done."),
        ("debug", "5 of 8 START sql table model m5"),
        ("warning", "5 of 8 WARN 2 created sql table model m5"),
        ("debug", "6 of 8 START sql table model m6\n6 of 8 OK created sql table model m6"),
        ("info", "dbt build: 6 of 8 nodes done."),
        ("debug", "7 of 8 START sql table model m7\n7 of 8 OK created sql table model m7\n"
                  "8 of 8 START sql table model m8"),
        ("debug", "8 of 8 OK created sql table model m8"),
        ("info", "Finished running 8 table models in 0 hours 0 minutes"),
        ("info", "Done. PASS=8"),
    ]
