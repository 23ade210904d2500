"""The access log: who saw or downloaded which case-level rows, when, where, how many.

One JSON object a line in a file outside the serving database (`CSC_ACCESS_LOG_PATH`, default
`data/access_log.jsonl`), so a publication, which replaces the serving file, never touches it.
The app only ever appends: the file is opened with O_APPEND, and each record is written whole
under an exclusive lock (flock), so two sessions, or two app servers sharing the file, never
interleave their lines. A line left unfinished by a crash is closed off before the next record,
so it spoils only itself. The file and its folder are created readable by their owner only.
(An operator can make the file append-only for everyone, root included: `chattr +a`.)

Each record: `at` (UTC, ISO 8601), `user`, `role`, `session` (one browser tab's session),
`action`, `page`, `table`, `la_code`, `filters` (what the page asked for), `rows` (how many
rows it was given) and `file_name` (downloads only). The actions:

- `sign in`: a person with a role opened the app (once a session);
- `refused`: a signed-in person with no role was turned away (once a session);
- `view`: case-level rows were read for a page (app.case_rows; the same view once a session);
- `download`: case-level rows were downloaded, with the file's name.

Nothing is returned to a page before its record is written (app.case_rows): if the log cannot
be written, the rows are not shown.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
PATH_VARIABLE = "CSC_ACCESS_LOG_PATH"
DEFAULT_PATH = REPOSITORY_ROOT / "data" / "access_log.jsonl"
_RECORDED_KEY = "_access_log_recorded"
COLUMNS = ["at", "user", "role", "session", "action", "page", "table", "la_code", "filters", "rows", "file_name"]


class AccessLogError(RuntimeError):
    """The access log could not be written; the message says where and why."""


def log_path() -> Path:
    configured = os.environ.get(PATH_VARIABLE, "").strip()
    return Path(configured).expanduser().absolute() if configured else DEFAULT_PATH


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def append(record: Mapping[str, object]) -> None:
    """Write one record at the end of the log, whole, or raise AccessLogError."""
    path = log_path()
    line = json.dumps({c: record.get(c) for c in COLUMNS}, default=str, ensure_ascii=False).encode() + b"\n"
    try:
        if not path.parent.is_dir():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # released when the descriptor is closed
            size = os.fstat(descriptor).st_size
            if size and os.pread(descriptor, 1, size - 1) != b"\n":
                line = b"\n" + line  # close off a line a crash left unfinished
            written = 0
            while written < len(line):
                written += os.write(descriptor, line[written:])
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise AccessLogError(
            f"The access log {path} could not be written ({error.strerror or error}); case-level "
            "rows are shown only when their viewing is recorded. Ask your administrator."
        ) from error


def current_session() -> str | None:
    """This browser session's id, while the page runs (None outside a page run)."""
    context = get_script_run_ctx(suppress_warning=True)
    return context.session_id if context is not None else None


def record(user: str, role: str | None, action: str, *, once_per_session: bool = False,
           session: str | None = None, **details: object) -> None:
    """Record one access by the person of this browser session; `details` are the other
    columns (page, table, la_code, filters, rows, file_name). With `once_per_session`, an
    access identical to one already recorded in this session is not recorded again.
    `session` names the session when the record is written outside its page run (a download,
    written on Streamlit's own thread when the button is pressed)."""
    context = get_script_run_ctx(suppress_warning=True)
    signature = repr((user, role, action, sorted(details.items())))
    recorded = st.session_state.setdefault(_RECORDED_KEY, set()) if context is not None else set()
    if once_per_session and signature in recorded:
        return
    append({"at": now(), "user": user, "role": role, "action": action,
            "session": context.session_id if context is not None else session, **details})
    recorded.add(signature)


def read() -> tuple[pd.DataFrame, int]:
    """Every record, oldest first, and how many lines could not be read (a crash's leftovers)."""
    path = log_path()
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return pd.DataFrame(columns=COLUMNS), 0
    records, unreadable = [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            unreadable += 1
            continue
        if isinstance(record, dict):
            records.append(record)
        else:
            unreadable += 1
    return pd.DataFrame(records, columns=COLUMNS), unreadable
