"""What a dbt run tells the terminal, and what it leaves to the run's event log.

dagster-dbt writes every message of dbt's to standard output: two lines for each model, seed
and test (started, finished), some 600 for one build. While dbt runs, they go to the run's log
at DEBUG level instead, where the Dagster UI shows them, up to DEBUG_LINES_PER_EVENT lines to
an event: each event of the run's log is a write to Dagster's event storage (about 13 ms on
this machine, under load; 600 of them cost a refresh 7 s). The terminal (`make refresh` shows
INFO and above) gets what dbt found to run, a line at each quarter of the way, every warning,
error and failure as it happens, and dbt's closing summary with its counts of models and tests.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from typing import Protocol

_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
# "12 of 283 OK created sql table model ...", "40 of 283 FAIL 1 accepted_values_...": a node done
_RESULT = re.compile(r"^\d+ of (\d+) (OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b")
_FOUND = re.compile(r"^Found \d+ ")  # "Found 103 models, 117 data tests, 4 seeds, ..."
_SUMMARY = re.compile(r"^Finished running ")  # the summary: counts, then errors, then totals
_PARTS = 4
DEBUG_LINES_PER_EVENT = 50
# A debug line waits at most this long for others to share its event (checked at each line).
_DEBUG_WAIT_SECONDS = 5.0


class RunLog(Protocol):
    def debug(self, msg: str) -> None: ...
    def info(self, msg: str) -> None: ...
    def warning(self, msg: str) -> None: ...
    def error(self, msg: str) -> None: ...


class DbtOutput(io.TextIOBase):
    """Standard output while dbt runs: each line logged at the level it deserves."""

    def __init__(self, log: RunLog, command: str) -> None:
        self._log = log
        self._command = command
        self._pending = ""
        self._done = 0
        self._parts_told = 0
        self._in_summary = False
        self._debug_lines: list[str] = []
        self._debug_since = 0.0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        *lines, self._pending = (self._pending + text).split("\n")
        for line in lines:
            self._line(line)
        return len(text)

    def close(self) -> None:
        if self._pending:
            self._line(self._pending)
            self._pending = ""
        self._flush_debug()
        super().close()

    def _debug(self, line: str) -> None:
        if not self._debug_lines:
            self._debug_since = time.monotonic()
        self._debug_lines.append(line)
        if (
            len(self._debug_lines) >= DEBUG_LINES_PER_EVENT
            or time.monotonic() - self._debug_since > _DEBUG_WAIT_SECONDS
        ):
            self._flush_debug()

    def _flush_debug(self) -> None:
        """The debug lines held, as one event, before any line of another level (in order)."""
        if self._debug_lines:
            self._log.debug("\n".join(self._debug_lines))
            self._debug_lines = []

    def _line(self, raw: str) -> None:
        line = _COLOUR.sub("", raw).rstrip()
        if not line.strip():
            return
        result = _RESULT.match(line)
        if result:
            self._result(line, total=int(result[1]), status=result[2])
        elif _SUMMARY.match(line) or self._in_summary:
            self._in_summary = True
            self._flush_debug()
            self._log.info(line)
        elif _FOUND.match(line):
            self._flush_debug()
            self._log.info(f"dbt {self._command}: {line}")
        else:
            self._debug(line)

    def _result(self, line: str, total: int, status: str) -> None:
        if status in ("WARN", "ERROR", "FAIL"):
            self._flush_debug()
            (self._log.warning if status == "WARN" else self._log.error)(line)
        else:
            self._debug(line)
        self._done += 1
        part = self._done * _PARTS // total
        if self._parts_told < part < _PARTS:
            self._parts_told = part
            self._flush_debug()
            self._log.info(f"dbt {self._command}: {self._done} of {total} nodes done.")


@contextmanager
def dbt_output_to_run_log(log: RunLog, command: str) -> Iterator[None]:
    """Send what dbt writes to standard output in the block to the run's log (see above)."""
    output = DbtOutput(log, command)
    try:
        with redirect_stdout(output):
            yield
    finally:
        output.close()
