"""Nothing leaves the machine: Streamlit, dbt and Dagster are configured, in the repository, to
send no usage statistics, and each resolves that configuration the way the project starts it.

(The browser test, tests/app/test_app_browser.py, also watches every request the app's page
makes: none goes anywhere but the app's own server.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg

from orchestration.settings import REPOSITORY_ROOT

STREAMLIT_CONFIG = REPOSITORY_ROOT / ".streamlit" / "config.toml"
DBT = str(Path(sys.executable).parent / "dbt")
# What Streamlit must resolve, started from the repository root as every `make` target does.
STREAMLIT_SETTINGS = {
    "browser.gatherUsageStats": False,  # no usage statistics
    "server.headless": True,  # no prompt for an email address, no browser opened
    "server.address": "127.0.0.1",  # this machine only; no look-up of its external address
    "client.toolbarMode": "viewer",  # no Deploy button, no developer menu
    # Who may see what (docs/access.md): forgery protection pinned on, and no table or chart
    # exports past the app's own (formula-safe, recorded) download buttons.
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "client.disableDataExport": True,
}


def clean_environment(home: Path) -> dict[str, str]:
    """The environment without Streamlit or tracking overrides, and a home folder of its own
    (a user's ~/.streamlit must not be what makes the test pass)."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("STREAMLIT_", "DBT_", "DO_NOT_TRACK"))
    }
    return {**kept, "HOME": str(home)}


def test_streamlit_resolves_the_repository_settings(tmp_path):
    script = (
        "import json\n"
        "from streamlit import config\n"
        "config.get_config_options(force_reparse=True)\n"
        f"names = {sorted(STREAMLIT_SETTINGS)!r}\n"
        "print(json.dumps({n: [config.get_option(n), config.get_where_defined(n)] "
        "for n in names}))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPOSITORY_ROOT,
        env=clean_environment(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    resolved = json.loads(finished.stdout.strip().splitlines()[-1])
    assert resolved == {
        name: [value, str(STREAMLIT_CONFIG)] for name, value in STREAMLIT_SETTINGS.items()
    }


def test_dbt_sends_no_anonymous_usage_statistics(tmp_path):
    """The manifest records the setting dbt ran with, read from dbt_project.yml. dbt reads
    its settings from dbt_project.yml and profiles.yml alone, so it parses a folder holding
    those two files (a parse of the models too would take ten seconds more and read no
    setting)."""
    project = tmp_path / "dbt_project"
    project.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copyfile(REPOSITORY_ROOT / "dbt_project" / name, project / name)
    target = tmp_path / "target"
    subprocess.run(
        [DBT, "parse", "--quiet", "--profiles-dir", ".", "--target-path", str(target)],
        cwd=project,
        env={
            **clean_environment(tmp_path),
            "CSC_WAREHOUSE_PATH": str(tmp_path / "warehouse.duckdb"),
        },
        check=True,
        capture_output=True,
    )
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["metadata"]["send_anonymous_usage_stats"] is False


def test_dagster_telemetry_is_off_in_the_instance_make_sets_up(tmp_path):
    """`make refresh`, `make dagster` and `make demo` run Dagster with DAGSTER_HOME set to a
    folder holding orchestration/dagster.yaml; the tests' ephemeral instances send nothing."""
    home = tmp_path / "dagster_home"
    subprocess.run(
        ["make", "--no-print-directory", "-s", f"DAGSTER_HOME={home}", f"{home}/dagster.yaml"],
        cwd=REPOSITORY_ROOT,
        check=True,
        capture_output=True,
    )
    instance = dg.DagsterInstance.from_config(str(home))
    try:
        assert instance.telemetry_enabled is False
    finally:
        instance.dispose()
    assert dg.DagsterInstance.ephemeral().telemetry_enabled is False


def _connections_while_running(command: list[str], home: Path) -> tuple[int, str]:
    """How many connections `command` opened to the internet, and what it printed: every HTTP(S)
    request is sent through a proxy on this machine that only counts who knocks."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    knocks = []
    finished = threading.Event()

    def count() -> None:
        while not finished.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            knocks.append(connection)
            connection.close()  # counted: a client left to wait for its timeout tells nothing more

    counter = threading.Thread(target=count)
    counter.start()
    proxy = f"http://127.0.0.1:{listener.getsockname()[1]}"
    environment = {
        name: value
        for name, value in clean_environment(home).items()
        if name.lower() not in ("no_proxy", "http_proxy", "https_proxy", "all_proxy")
    }
    try:
        done = subprocess.run(
            command,
            env={**environment, "HTTPS_PROXY": proxy, "HTTP_PROXY": proxy},
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
    finally:
        finished.set()
        counter.join()
        listener.close()
    return len(knocks), done.stdout


def test_dbt_as_the_refresh_runs_it_never_asks_pypi_for_its_latest_version(tmp_path):
    """dagster-dbt runs `<dbt> --version` before every dbt command; plain dbt looks up its
    latest release on PyPI each time. The refresh's dbt (csc-dbt) must not."""
    import dbt.version

    csc_dbt = str(Path(sys.executable).parent / "csc-dbt")
    connections, printed = _connections_while_running([csc_dbt, "--version"], tmp_path)
    assert connections == 0
    assert f"installed: {dbt.version.__version__}" in printed
    # The same watch sees plain dbt reach out, so it would see csc-dbt do it too.
    assert _connections_while_running([DBT, "--version"], tmp_path)[0] > 0
