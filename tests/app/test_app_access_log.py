"""The access log file: appended whole by concurrent writers, a crash's torn line spoils only itself."""

import json
import subprocess
import sys
import threading

from app import access_log
from tests.app.conftest import REPOSITORY

WRITES = 200
WRITER = f"""
from app import access_log
for n in range({WRITES}):
    access_log.append({{"user": "process", "rows": n, "filters": {{"team": ["x" * 500]}}}})
"""


def test_two_sessions_and_another_server_writing_at_once_lose_and_mix_nothing(access_log_path):
    other_server = subprocess.Popen([sys.executable, "-c", WRITER], cwd=REPOSITORY)

    def session(name: str) -> None:
        for n in range(WRITES):
            access_log.append({"user": name, "rows": n, "filters": {"team": ["y" * 500]}})

    threads = [threading.Thread(target=session, args=(f"session {i}",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert other_server.wait(timeout=60) == 0

    records, unreadable = access_log.read()
    assert unreadable == 0
    by_writer = records.groupby("user")["rows"].apply(list).to_dict()
    assert by_writer == {name: list(range(WRITES)) for name in ("process", "session 1", "session 2")}


def test_a_line_left_unfinished_by_a_crash_spoils_only_itself(access_log_path):
    access_log.append({"user": "before", "rows": 1})
    with open(access_log_path, "a") as log:
        log.write('{"user": "crashed", "ro')
    access_log.append({"user": "after", "rows": 2})
    records, unreadable = access_log.read()
    assert records["user"].tolist() == ["before", "after"]
    assert unreadable == 1
    assert json.loads(access_log_path.read_text().splitlines()[-1])["user"] == "after"


def test_no_log_yet_reads_as_no_records(access_log_path):
    records, unreadable = access_log.read()
    assert (len(records), unreadable, list(records.columns)) == (0, 0, access_log.COLUMNS)
