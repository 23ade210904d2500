"""The project's own packaging installs without a word: no deprecation warnings from
setuptools about pyproject.toml, no notes about how the editable install is made."""

from __future__ import annotations

import subprocess
import sys

from orchestration.settings import REPOSITORY_ROOT


def test_the_editable_install_prints_nothing(tmp_path):
    # --isolated: this machine's pip settings (its extra indexes) are not the project's. The
    # build itself runs in pip's isolated build environment, from pyproject's build-system.
    # --ignore-installed: without it pip uninstalls the project from the environment running
    # the test (the .venv) before installing it under the prefix.
    finished = subprocess.run(
        [sys.executable, "-m", "pip", "--isolated", "install", "--quiet", "--no-deps", "--ignore-installed",
         "--prefix", str(tmp_path / "prefix"), "-e", str(REPOSITORY_ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert finished.returncode == 0, finished.stderr
    assert (finished.stdout, finished.stderr) == ("", "")
