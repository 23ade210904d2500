"""Safe defaults: both UIs on 127.0.0.1 unless told otherwise, and no way to upload a file."""

import subprocess
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


def dry_run(*arguments: str) -> str:
    """The commands `make` would run (nothing is run)."""
    return subprocess.run(
        ["make", "--no-print-directory", "-n", *arguments], cwd=REPOSITORY,
        capture_output=True, text=True, check=True,
    ).stdout


@pytest.mark.parametrize(("target", "listens"), [
    ("dagster", "dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000"),
    ("app", "python -m app.server --server.address 127.0.0.1 --server.port 8501"),
])
def test_the_uis_listen_on_this_machine_only_unless_told(target, listens):
    assert listens in dry_run(target, "-o", ".venv/.installed")
    told = dry_run(target, "-o", ".venv/.installed", "DAGSTER_HOST=10.0.0.5", "APP_ADDRESS=10.0.0.5")
    assert listens.replace("127.0.0.1", "10.0.0.5") in told


def test_the_app_has_no_file_uploader():
    users = [p.name for p in (REPOSITORY / "app").rglob("*.py") if "file_uploader" in p.read_text()]
    assert users == []
