"""The servers `make demo` runs side by side on this machine, started and stopped together.

    python -m orchestration.local_servers --dagster-port 3000 --app-port 8501 \
        --sign-in-port 9400 --sign-in-dir data/demo

Each server writes its output to a log file of its own (data/logs/<name>.log, started afresh
each time). The addresses are printed once every server answers: the Dagster UI when its code
location has loaded, the app when Streamlit's health check says so. A server that fails to
start, or stops later, is reported on the terminal with the last lines of its log, and the
others are stopped. Ctrl-C (or SIGTERM) stops them all, with every process each one started:
each server runs in a process group of its own, and the whole group is stopped.

With a sign-in port and folder, the demo's identity provider (app/demo_sign_in.py, which has
written its settings into the folder) runs too, and the app signs people in through it (its
`[auth]` secrets from that folder). Every server listens on 127.0.0.1 only, and everything they
write (the logs here included) is readable by its owner only (orchestration.owner_only).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from orchestration.owner_only import keep_new_files_private
from orchestration.settings import REPOSITORY_ROOT

HOST = "127.0.0.1"
DEFAULT_LOG_DIR = REPOSITORY_ROOT / "data" / "logs"
STARTUP_LIMIT_SECONDS = 600  # a first start parses the dbt project; 2 cores take minutes
STOP_LIMIT_SECONDS = 30
LOG_TAIL_LINES = 25
_POLL_SECONDS = 0.5
_NOTICE_EVERY_SECONDS = 30.0


class ServerFailed(Exception):
    """A server answered, but with a failure (its code did not load, say)."""


@dataclass(frozen=True)
class Server:
    name: str  # in words, as the terminal shows it: "Dagster UI"
    command: tuple[str, ...]
    port: int
    log_path: Path
    ready: Callable[[], bool]  # True once it serves; raises ServerFailed for a failure

    @property
    def address(self) -> str:
        return f"http://{HOST}:{self.port}"


def http_ok(url: str) -> Callable[[], bool]:
    """Ready when the URL answers 200."""

    def ready() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    return ready


_LOCATIONS_QUERY = """{ workspaceOrError { __typename ... on Workspace { locationEntries {
  name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }"""


def dagster_locations_loaded(base_url: str) -> Callable[[], bool]:
    """Ready when the Dagster webserver answers and every code location has loaded."""

    def ready() -> bool:
        request = urllib.request.Request(
            f"{base_url}/graphql",
            data=json.dumps({"query": _LOCATIONS_QUERY}).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                answer = json.load(response)
        except (OSError, urllib.error.URLError, ValueError):
            return False
        workspace = (answer.get("data") or {}).get("workspaceOrError") or {}
        entries = workspace.get("locationEntries")
        if not entries:
            return False
        for entry in entries:
            loaded = entry.get("locationOrLoadError") or {}
            if loaded.get("__typename") == "PythonError":
                raise ServerFailed(
                    f"its code location {entry['name']} did not load: "
                    f"{loaded.get('message', '').strip()}"
                )
        return all(entry.get("loadStatus") == "LOADED" for entry in entries)

    return ready


def demo_servers(dagster_port: int, app_port: int, log_dir: Path,
                 sign_in_port: int | None = None, sign_in_dir: Path | None = None) -> list[Server]:
    """The Dagster UI (with its daemon: the sensor and the schedule), the Streamlit app and,
    given a port and folder, the demo's identity provider the app signs people in through."""
    bin_dir = Path(sys.executable).parent
    dagster_url = f"http://{HOST}:{dagster_port}"
    signing_in = sign_in_port is not None and sign_in_dir is not None
    sign_in = [
        Server(
            "sign-in provider",
            (sys.executable, "-m", "app.demo_sign_in", "provider", "--port", str(sign_in_port)),
            sign_in_port,
            log_dir / "sign-in.log",
            http_ok(f"http://{HOST}:{sign_in_port}/.well-known/openid-configuration"),
        ),
    ] if signing_in else []
    return [
        Server(
            "Dagster UI",
            (str(bin_dir / "dagster"), "dev", "-m", "orchestration.definitions",
             "-h", HOST, "-p", str(dagster_port)),
            dagster_port,
            log_dir / "dagster.log",
            dagster_locations_loaded(dagster_url),
        ),
        Server(
            "Streamlit app",
            # Its other settings (127.0.0.1, headless, no statistics): .streamlit/config.toml.
            # app.server: `streamlit run app/main.py`, prepared before serving (app/startup.py).
            (str(bin_dir / "python"), "-m", "app.server", "--server.port", str(app_port),
             *(("--secrets.files", str(sign_in_dir / "secrets.toml")) if signing_in else ())),
            app_port,
            log_dir / "app.log",
            http_ok(f"http://{HOST}:{app_port}/_stcore/health"),
        ),
        *sign_in,
    ]


def run(servers: Sequence[Server], out: Callable[[str], None] = print,
        startup_limit: float = STARTUP_LIMIT_SECONDS) -> int:
    """Start the servers, announce them once all answer, and keep them until Ctrl-C (0) or
    until one fails (1)."""
    busy = [server for server in servers if _port_in_use(server.port)]
    if busy:
        for server in busy:
            out(f"Port {server.port} for the {server.name} is already in use (an earlier demo "
                "still running?). Stop it, or choose another port.")
        return 1
    stop_requested = _StopRequest()
    previous = {sig: signal.signal(sig, stop_requested) for sig in (signal.SIGINT, signal.SIGTERM)}
    processes: list[subprocess.Popen] = []
    try:
        for server in servers:
            processes.append(_start(server))
        names = " and the ".join(server.name for server in servers)
        out(f"Starting the {names}; logs in {_shown(servers[0].log_path.parent)}/ ...")
        failure = _wait_until_ready(servers, processes, stop_requested, out, startup_limit)
        if failure is None and not stop_requested.asked:
            _announce(servers, out)
            failure = _watch(servers, processes, stop_requested)
        if failure is not None:
            out(failure)
            return 1
        out("Stopping ...")
        return 0
    finally:
        stop_requested.stopping = True
        _stop_all(processes)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _StopRequest:
    """The handler of Ctrl-C and SIGTERM: the first asks for a stop, a second hurries it."""

    def __init__(self) -> None:
        self.asked = False
        self.stopping = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.asked = True
        if self.stopping:
            raise KeyboardInterrupt


def _start(server: Server) -> subprocess.Popen:
    server.log_path.parent.mkdir(parents=True, exist_ok=True)
    with server.log_path.open("wb") as log:
        return subprocess.Popen(
            server.command,
            cwd=REPOSITORY_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own: stopped whole
        )


def _wait_until_ready(servers, processes, stop_requested, out, startup_limit) -> str | None:
    started = time.monotonic()
    next_notice = started + _NOTICE_EVERY_SECONDS
    waiting = list(zip(servers, processes))
    while waiting and not stop_requested.asked:
        for server, process in list(waiting):
            if process.poll() is not None:
                return _report(server, f"stopped (exit code {process.returncode}) before it "
                               "answered")
            try:
                if server.ready():
                    waiting.remove((server, process))
            except ServerFailed as failure:
                return _report(server, str(failure))
        elapsed = time.monotonic() - started
        if waiting and elapsed > startup_limit:
            return _report(waiting[0][0], f"did not answer within {startup_limit:.0f} s")
        if waiting and time.monotonic() >= next_notice:
            out(f"Still waiting for the {' and the '.join(s.name for s, _ in waiting)} "
                f"({elapsed:.0f} s) ...")
            next_notice += _NOTICE_EVERY_SECONDS
        if waiting:
            time.sleep(_POLL_SECONDS)
    return None


def _announce(servers: Sequence[Server], out: Callable[[str], None]) -> None:
    width = max(len(server.name) for server in servers) + 1
    out("")
    for server in servers:
        out(f"  {server.name + ':':<{width}} {server.address}")
    out("")
    out(f"  Logs: {', '.join(_shown(server.log_path) for server in servers)}")
    out("  Ctrl-C stops them.")
    out("")


def _watch(servers, processes, stop_requested) -> str | None:
    while not stop_requested.asked:
        for server, process in zip(servers, processes):
            if process.poll() is not None:
                return _report(server, f"stopped (exit code {process.returncode})")
        time.sleep(_POLL_SECONDS)
    return None


def _report(server: Server, what: str) -> str:
    lines = _tail(server.log_path)
    shown = "\n".join(f"    {line}" for line in lines) or "    (nothing)"
    return (
        f"The {server.name} {what}. The last lines of its log, {_shown(server.log_path)}:\n"
        f"{shown}\nStopping the others."
    )


def _tail(path: Path, count: int = LOG_TAIL_LINES) -> list[str]:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return []
    return text.splitlines()[-count:]


def _stop_all(processes: Sequence[subprocess.Popen]) -> None:
    """Ctrl-C to each server's whole process group (what a terminal would send it), then, after
    STOP_LIMIT_SECONDS, SIGKILL to whatever of the groups is left."""
    groups = [process.pid for process in processes]
    for group in groups:
        _signal_group(group, signal.SIGINT)
    deadline = time.monotonic() + STOP_LIMIT_SECONDS
    try:
        while time.monotonic() < deadline:
            for process in processes:
                process.poll()
            if not any(_group_alive(group) for group in groups):
                break
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass  # a second Ctrl-C: do not wait any longer
    for group in groups:
        _signal_group(group, signal.SIGKILL)
    for process in processes:
        process.wait()


def _signal_group(group: int, sig: int) -> None:
    try:
        os.killpg(group, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(group: int) -> bool:
    """Whether any live (not zombie) process is left in the group."""
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == group:
            return True
    return False


def _port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((HOST, port)) == 0


def _shown(path: Path) -> str:
    """A path as a person at the repository root would type it."""
    try:
        return str(path.relative_to(REPOSITORY_ROOT))
    except ValueError:
        return str(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dagster-port", type=int, default=3000)
    parser.add_argument("--app-port", type=int, default=8501)
    parser.add_argument("--log-dir", type=Path, default=DEFAULT_LOG_DIR)
    parser.add_argument("--sign-in-port", type=int, help="run the demo's identity provider here")
    parser.add_argument("--sign-in-dir", type=Path, help="where app.demo_sign_in wrote its settings")
    arguments = parser.parse_args(argv)
    keep_new_files_private()
    servers = demo_servers(arguments.dagster_port, arguments.app_port, arguments.log_dir,
                           arguments.sign_in_port, arguments.sign_in_dir)
    return run(servers)


if __name__ == "__main__":
    sys.exit(main())
