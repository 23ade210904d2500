"""`make test` installs what the tests need from the system: Debian's chromium, when it is
missing, through apt-get (with sudo unless root), quietly, and only once.

The step runs here against a stand-in apt-get (and stand-in `id` and `sudo`) that record what
they were asked, so the machine's own Chromium is left alone.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

from orchestration.settings import REPOSITORY_ROOT

FAKE_APT_GET = """#!/bin/sh
echo "apt-get DEBIAN_FRONTEND=$DEBIAN_FRONTEND $*" >> "{record}"
if [ -n "{fail}" ]; then echo "E: Unable to locate package chromium" >&2; exit 100; fi
echo "Setting up chromium ..."
if [ "$1" = install ]; then printf '#!/bin/sh\\n' > "{chromium}"; chmod +x "{chromium}"; fi
"""
FAKE_SUDO = """#!/bin/sh
echo "sudo" >> "{record}"
exec "$@"
"""
FAKE_ID = """#!/bin/sh
echo 1000
"""


def executable(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def run_step(tmp_path: Path, *, fail: bool = False, as_user: bool = False):
    """`make chromium` with the browser at tmp_path/chromium; what it printed, and the record."""
    record, chromium, tools = tmp_path / "record", tmp_path / "chromium", tmp_path / "bin"
    tools.mkdir(exist_ok=True)
    apt_get = executable(
        tmp_path / "apt-get",
        FAKE_APT_GET.format(record=record, chromium=chromium, fail="yes" if fail else ""),
    )
    environment = {k: v for k, v in os.environ.items() if k != "DEBIAN_FRONTEND"}
    if as_user:
        executable(tools / "id", FAKE_ID)
        executable(tools / "sudo", FAKE_SUDO.format(record=record))
        environment["PATH"] = f"{tools}{os.pathsep}{environment['PATH']}"
    finished = subprocess.run(
        ["make", "--no-print-directory", "-s", "chromium",
         f"CHROMIUM={chromium}", f"APT_GET={apt_get}"],
        cwd=REPOSITORY_ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    lines = record.read_text().splitlines() if record.exists() else []
    return finished, lines, chromium


def test_a_missing_chromium_is_installed_once_and_quietly(tmp_path):
    finished, record, chromium = run_step(tmp_path)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.splitlines() == [
        f"{chromium} is missing: installing Debian's chromium package for the browser tests."
    ]
    assert finished.stderr == ""
    assert record == [
        "apt-get DEBIAN_FRONTEND= update -qq",
        "apt-get DEBIAN_FRONTEND=noninteractive install -y -qq chromium",
    ]
    assert os.access(chromium, os.X_OK)

    again, record_after, _ = run_step(tmp_path)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert record_after == record


def test_a_user_who_is_not_root_installs_through_sudo(tmp_path):
    finished, record, _ = run_step(tmp_path, as_user=True)
    assert finished.returncode == 0, finished.stderr
    assert record == [
        "sudo",
        "apt-get DEBIAN_FRONTEND= update -qq",
        "sudo",
        "apt-get DEBIAN_FRONTEND=noninteractive install -y -qq chromium",
    ]


def test_a_failed_install_stops_make_test_and_shows_why(tmp_path):
    finished, _, chromium = run_step(tmp_path, fail=True)
    assert finished.returncode != 0
    assert "E: Unable to locate package chromium" in finished.stdout
    assert "Installing chromium failed" in finished.stdout
    assert not chromium.exists()


def test_make_test_runs_the_step_before_the_tests():
    planned = subprocess.run(
        ["make", "--no-print-directory", "-n", "test"],
        cwd=REPOSITORY_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "/usr/bin/chromium" in planned
    assert planned.index("apt-get") < planned.index("pytest")
