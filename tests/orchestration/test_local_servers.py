"""The demo's servers: announced once all answer, logged to files, a failure reported with its
log, and Ctrl-C stops every process they started.

Stand-in servers (a few lines of Python each) take the place of Dagster and Streamlit; the
launcher runs in a process of its own, as `make demo` runs it, and gets a real SIGINT.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

from orchestration.settings import REPOSITORY_ROOT

# Serves 200 at any path after `delay` seconds; starts a child process first, to show that the
# whole process group is stopped. Writes "<pid> <child pid>" to its pid file.
STAND_IN = """
import http.server, os, subprocess, sys, time
port, delay, pid_file = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
child = subprocess.Popen(["sleep", "300"])
open(pid_file, "w").write(f"{os.getpid()} {child.pid}")
print("stand-in starting", flush=True)
if delay < 0:
    print("Error: the stand-in could not start", flush=True)
    sys.exit(3)
time.sleep(delay)
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", port), Health).serve_forever()
"""
LAUNCHER = """
import sys
from pathlib import Path
from orchestration.local_servers import Server, http_ok, run
servers = [
    Server(name, (sys.executable, {stand_in!r}, str(port), str(delay), pid_file), port,
           Path(log), http_ok(f"http://127.0.0.1:{{port}}/health"))
    for name, port, delay, pid_file, log in {servers!r}
]
sys.exit(run(servers, startup_limit=30))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def launch(tmp_path: Path, delays: dict[str, float]) -> tuple[subprocess.Popen, list[dict]]:
    stand_in = tmp_path / "stand_in.py"
    stand_in.write_text(STAND_IN)
    servers = [
        {"name": name, "port": free_port(), "delay": delay,
         "pid_file": str(tmp_path / f"{index}.pid"), "log": str(tmp_path / "logs" / f"{index}.log")}
        for index, (name, delay) in enumerate(delays.items())
    ]
    script = textwrap.dedent(LAUNCHER).format(
        stand_in=str(stand_in),
        servers=[tuple(server.values()) for server in servers],
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPOSITORY_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, servers


def pids(server: dict) -> list[int]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = Path(server["pid_file"]).read_text() if Path(server["pid_file"]).exists() else ""
        if len(text.split()) == 2:
            return [int(pid) for pid in text.split()]
        time.sleep(0.1)
    raise AssertionError(f"{server['name']} wrote no pid file")


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
            return True
    except OSError:
        return False


def test_the_addresses_come_once_both_answer_and_ctrl_c_stops_everything(tmp_path):
    process, servers = launch(tmp_path, {"Slow server": 1.5, "Quick server": 0})
    try:
        lines = []
        while not any("Ctrl-C stops them" in line for line in lines):
            line = process.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
            if f"http://127.0.0.1:{servers[0]['port']}" in line:
                # The address is printed only once every server answers.
                assert answers(servers[0]["port"]) and answers(servers[1]["port"])
        started = [pid for server in servers for pid in pids(server)]
        assert all(alive(pid) for pid in started)

        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0
    output = "".join(lines) + rest
    assert output.startswith("Starting the Slow server and the Quick server; logs in ")
    assert f"  Slow server:  http://127.0.0.1:{servers[0]['port']}\n" in output
    assert f"  Quick server: http://127.0.0.1:{servers[1]['port']}\n" in output
    assert f"  Logs: {servers[0]['log']}, {servers[1]['log']}\n" in output
    assert "Stopping ..." in output
    assert not any(alive(pid) for pid in started)
    assert Path(servers[0]["log"]).read_text().startswith("stand-in starting")


def test_a_server_that_fails_is_reported_with_its_log_and_the_others_stop(tmp_path):
    process, servers = launch(tmp_path, {"Good server": 0, "Broken server": -1})
    try:
        output, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 1
    assert (
        f"The Broken server stopped (exit code 3) before it answered. The last lines of its "
        f"log, {servers[1]['log']}:\n"
        "    stand-in starting\n"
        "    Error: the stand-in could not start\n"
        "Stopping the others.\n"
    ) in output
    assert "Ctrl-C" not in output
    assert not any(alive(pid) for server in servers for pid in pids(server))


def test_a_port_already_in_use_is_said_before_anything_starts(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        stand_in = tmp_path / "never_started"
        script = (
            "import sys\nfrom pathlib import Path\n"
            "from orchestration.local_servers import Server, http_ok, run\n"
            f"server = Server('Dagster UI', ('touch', {str(stand_in)!r}), {port}, "
            f"Path({str(tmp_path / 'x.log')!r}), http_ok('http://127.0.0.1:{port}'))\n"
            "sys.exit(run([server]))\n"
        )
        finished = subprocess.run(
            [sys.executable, "-c", script], cwd=REPOSITORY_ROOT, capture_output=True, text=True,
            timeout=60,
        )
    assert finished.returncode == 1
    assert finished.stdout == (
        f"Port {port} for the Dagster UI is already in use (an earlier demo still running?). "
        "Stop it, or choose another port.\n"
    )
    assert not stand_in.exists()


def test_with_a_sign_in_port_the_demo_provider_runs_and_the_app_signs_in_through_it(tmp_path):
    from orchestration.local_servers import demo_servers

    plain = demo_servers(3000, 8501, tmp_path)
    assert [server.name for server in plain] == ["Dagster UI", "Streamlit app"]
    assert "--secrets.files" not in plain[1].command
    dagster, app, sign_in = demo_servers(3000, 8501, tmp_path, 9400, tmp_path / "demo")
    assert app.command[-2:] == ("--secrets.files", str(tmp_path / "demo" / "secrets.toml"))
    assert sign_in.command[1:] == ("-m", "app.demo_sign_in", "provider", "--port", "9400")
    assert (sign_in.port, sign_in.address, sign_in.log_path) == (9400, "http://127.0.0.1:9400", tmp_path / "sign-in.log")
    assert dagster.command[-4:] == ("-h", "127.0.0.1", "-p", "3000")
