"""csc-dbt makes and writes out dbt's debug events only when a log reads them: a debug log or a
callback gets the very lines dbt's own events give, an info log none, and the adapter's
per-query events are not even made for it."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap

import pytest
from dbt.tracking import track_behavior_change_warn

from orchestration import dbt_unread_events

# In a process of its own (dbt's modules are changed for good): dbt's event
# manager with one log at LEVEL on standard output, as JSON, and a callback when CALLBACK; the
# adapter's modules fire per-query events (ConnectionUsed and SQLQuery from the SQL connections
# module, NewConnection from the base one; one SQLQuery at info) and dbt one Note at debug and
# one at info, with or without `install`.
FIRING = textwrap.dedent("""
    import io, json, sys
    from dbt_common.events.base_types import EventLevel
    from dbt_common.events.event_manager_client import get_event_manager
    from dbt_common.events.logger import LineFormat, LoggerConfig
    import dbt.adapters.base.connections as base
    import dbt.adapters.sql.connections as sql
    from dbt_common.events.functions import fire_event
    from dbt_common.events.types import Note
    from orchestration import dbt_unread_events

    level, callback, installed = sys.argv[1], sys.argv[2] == "callback", sys.argv[3] == "installed"
    stream, called = io.StringIO(), []
    manager = get_event_manager()
    manager.loggers.clear()
    manager.callbacks.clear()
    manager.add_logger(LoggerConfig(name="test", line_format=LineFormat.Json, level=EventLevel(level),
                                    output_stream=stream))
    if callback:
        manager.add_callback(lambda msg: called.append(msg.info.name))
    changed = dbt_unread_events.install() if installed else []
    node = {"unique_id": "model.csc.m", "node_status": "started", "meta": {"a": 1}}
    sql.fire_event(sql.ConnectionUsed(conn_type="duckdb", conn_name="m", node_info=node))
    sql.fire_event(sql.SQLQuery(conn_name="m", sql="select 1", node_info=node))
    sql.fire_event(sql.SQLQuery(conn_name="m", sql="select 2", node_info=node), level=EventLevel.INFO)
    base.fire_event(base.NewConnection(conn_type="duckdb", conn_name="m", node_info=node))
    fire_event(Note(msg="at debug"), level=EventLevel.DEBUG)  # any of dbt's own, anywhere
    fire_event(Note(msg="at info"), level=EventLevel.INFO)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    for line in lines:  # what differs from one firing to the next
        for key in ("ts", "pid", "thread", "invocation_id", "extra"):
            line["info"].pop(key, None)
    print(json.dumps({"lines": lines, "called": called, "changed": changed}))
""")
EVERY_EVENT = ["ConnectionUsed", "SQLQuery", "SQLQuery", "NewConnection", "Note", "Note"]


def fired(level: str, *, callback: bool = False, installed: bool = True) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", FIRING, level, "callback" if callback else "-", "installed" if installed else "-"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(result.stdout)


def test_everything_it_changes_is_found_in_dbt():
    # In a process of its own: an upgrade that moves one fails here.
    assert fired("info")["changed"] == ["dbt_common.events.event_manager.EventManager.fire_event"] + [
        f"{module}.{name}" for module, names in dbt_unread_events.PER_QUERY_EVENTS.items() for name in names]


@pytest.mark.parametrize("callback", [False, True], ids=["a debug log", "a debug log and a callback"])
def test_a_debug_log_gets_what_dbts_own_events_give(callback):
    own, installed = fired("debug", callback=callback, installed=False), fired("debug", callback=callback)
    assert installed["lines"] == own["lines"] and installed["called"] == own["called"]
    assert [line["info"]["name"] for line in own["lines"]] == EVERY_EVENT
    assert own["lines"][1]["data"] == {"conn_name": "m", "sql": "select 1"}


def test_an_info_log_gets_only_the_events_fired_at_info():
    own, installed = fired("info", installed=False), fired("info")
    assert installed["lines"] == own["lines"]
    assert [(line["info"]["name"], line["info"]["msg"]) for line in own["lines"]] == [
        ("SQLQuery", "On m: select 2"), ("Note", "at info")]


def test_a_callback_gets_every_event_whatever_the_logs_level():
    own, installed = fired("info", callback=True, installed=False), fired("info", callback=True)
    assert installed["called"] == own["called"] == EVERY_EVENT


class Log:
    def __init__(self, level: int | None) -> None:
        self._python_logger = None if level is None else logging.getLogger(f"test_dbt_unread_events.{level}")
        if level is not None:
            self._python_logger.setLevel(level)


class Manager:
    def __init__(self, loggers, callbacks) -> None:
        self.loggers, self.callbacks = loggers, callbacks


def someone_elses_callback(msg) -> None:
    pass


@pytest.mark.parametrize(("loggers", "callbacks", "read"), [
    ([Log(logging.INFO), Log(logging.INFO)], [], False),
    ([Log(logging.INFO), Log(logging.INFO)], [track_behavior_change_warn], False),
    ([Log(logging.INFO), Log(logging.DEBUG)], [track_behavior_change_warn], True),
    ([Log(logging.INFO)], [someone_elses_callback], True),
    ([Log(None)], [], True),  # a log of a shape it does not know
], ids=["info logs", "info logs and dbt's tracking", "a debug file log", "another callback", "an unknown log"])
def test_who_reads_debug_events(loggers, callbacks, read):
    assert dbt_unread_events.debug_read(Manager(loggers, callbacks)) is read


@pytest.mark.parametrize("read", [False, True], ids=["not read", "read"])
def test_a_per_query_event_is_made_only_when_read(monkeypatch, read):
    made, fired_events = [], []

    class Event:
        def __init__(self, **arguments):
            made.append(arguments)

    monkeypatch.setattr(dbt_unread_events, "debug_read_now", lambda: read)
    fire = dbt_unread_events.fire_event_making_read_events(lambda e, **kwargs: fired_events.append(e))
    fire(dbt_unread_events.stand_in(Event)(sql="select 1"))
    assert made == ([{"sql": "select 1"}] if read else [])
    assert [type(e) for e in fired_events] == ([Event] if read else [])
