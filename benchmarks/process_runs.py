"""Running a command as a user would, timing it and sampling the memory of its process tree.

Peak memory is the largest sum, over the process and every process it starts (Dagster's run,
dbt under it, the generator's workers), of their resident set sizes, sampled every 50 ms from
/proc. Sampling can miss a spike shorter than that; summing counts pages shared between
processes once per process, so the figure errs on the high side rather than the low.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
_OUTPUT_LINES_KEPT = 40


class BenchmarkError(RuntimeError):
    """A measured command failed; the message carries the end of its output."""


@dataclass(frozen=True)
class ProcessRun:
    seconds: float
    peak_rss_bytes: int


def run_measured(
    command: Sequence[str], environment: Mapping[str, str], cwd: Path
) -> ProcessRun:
    """Run the command to its end; BenchmarkError when it exits non-zero."""
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), env=dict(environment), cwd=cwd, stdout=output, stderr=subprocess.STDOUT
        )
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss_bytes(process.pid))
            time.sleep(SAMPLE_SECONDS)
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            output.seek(0)
            tail = output.read().decode(errors="replace").splitlines()[-_OUTPUT_LINES_KEPT:]
            raise BenchmarkError(
                f"{' '.join(command)} exited with {process.returncode}; its last lines:\n"
                + "\n".join(tail)
            )
    return ProcessRun(seconds, peak)


def tree_rss_bytes(root: int) -> int:
    """The resident memory of a process and all its descendants, now (0 once it is gone)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent = _parent_of(int(entry))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry))
    total, waiting = 0, [root]
    while waiting:
        pid = waiting.pop()
        total += _rss_bytes(pid)
        waiting.extend(children.get(pid, ()))
    return total


def _parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            # The command name (field 2) may hold spaces; fields after its ')' are plain.
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return int(fields[1])


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE_BYTES
    except (FileNotFoundError, ProcessLookupError):
        return 0
