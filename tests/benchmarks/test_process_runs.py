"""Measuring a command: its exit, and the memory of its whole process tree."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from benchmarks.process_runs import BenchmarkError, run_measured, tree_rss_bytes
from benchmarks.workspace import REPOSITORY_ROOT

MIB = 1024**2
# A parent that starts a child holding 200 MiB, then waits for a line on stdin.
HOLDER = (
    "import subprocess, sys\n"
    "child = subprocess.Popen([sys.executable, '-c', "
    "'import sys; block = bytearray(200 * 2**20); print(\"ready\", flush=True); sys.stdin.read()'],"
    " stdin=subprocess.PIPE, stdout=sys.stdout)\n"
    "sys.stdin.read()\n"
    "child.stdin.close(); child.wait()\n"
)


def test_the_tree_counts_the_memory_of_children():
    parent = subprocess.Popen([sys.executable, "-c", HOLDER], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline() == "ready\n"
        total = tree_rss_bytes(parent.pid)
        # The child's 200 MiB block, plus two Python interpreters (each well under 100 MiB).
        assert 200 * MIB < total < 400 * MIB
    finally:
        parent.stdin.close()
        parent.wait()
    assert tree_rss_bytes(parent.pid) == 0  # gone


def test_a_failing_command_is_an_error_with_its_last_lines():
    with pytest.raises(BenchmarkError, match=r"exited with 3; its last lines:\nwent wrong"):
        run_measured(
            [sys.executable, "-c", "import sys; print('went wrong'); sys.exit(3)"], {},
            REPOSITORY_ROOT,
        )


def test_a_command_is_timed_and_its_memory_sampled():
    run = run_measured(
        [sys.executable, "-c", "import time; block = bytearray(100 * 2**20); time.sleep(0.5)"],
        {}, REPOSITORY_ROOT,
    )
    assert run.seconds >= 0.5
    assert run.peak_rss_bytes > 100 * MIB
