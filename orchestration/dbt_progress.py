"""What a dbt run tells the terminal, and what it leaves to the run's event log.

dagster-dbt writes every message of dbt's to standard output: two lines for each model, seed
and test (started, finished), some 600 for one build. While dbt runs, they go to the run's log
at DEBUG level instead, where the Dagster UI shows them. The terminal (`make refresh` shows
INFO and above) gets what dbt found to run, a line at each quarter of the way, every warning,
error and failure as it happens, and dbt's closing summary with its counts of models and tests.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from typing import Protocol

_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
# "12 of 283 OK created sql table model ...", "40 of 283 FAIL 1 accepted_values_...": a node done
_RESULT = re.compile(r"^\d+ of (\d+) (OK|PASS|WARN|ERROR|FAIL|SKIP|NO-OP)\b")
_FOUND = re.compile(r"^Found \d+ ")  # "Found 103 models, 117 data tests, 4 seeds, ..."
_SUMMARY = re.compile(r"^Finished running ")  # the summary: counts, then errors, then totals
_PARTS = 4


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
        super().close()

    def _line(self, raw: str) -> None:
        line = _COLOUR.sub("", raw).rstrip()
        if not line.strip():
            return
        result = _RESULT.match(line)
        if result:
            self._result(line, total=int(result[1]), status=result[2])
        elif _SUMMARY.match(line) or self._in_summary:
            self._in_summary = True
            self._log.info(line)
        elif _FOUND.match(line):
            self._log.info(f"dbt {self._command}: {line}")
        else:
            self._log.debug(line)

    def _result(self, line: str, total: int, status: str) -> None:
        if status == "WARN":
            self._log.warning(line)
        elif status in ("ERROR", "FAIL"):
            self._log.error(line)
        else:
            self._log.debug(line)
        self._done += 1
        part = self._done * _PARTS // total
        if self._parts_told < part < _PARTS:
            self._parts_told = part
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
