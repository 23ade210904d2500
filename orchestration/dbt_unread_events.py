"""dbt's debug events, made and written out only when a log reads them.

dbt fires debug events all through a build: for every query its adapter runs (the connection
used, the SQL, its status, the commit), for every node it compiles and runs, for every cache
step. Each costs dbt's Python three times over: the event is made (a dictionary parsed into a
protobuf message, in pure Python), wrapped with its time, thread and invocation (parsed again),
and then every log writes it out, as JSON or text, before Python's logging drops the line for
its level. A refresh's dbt logs at info level, on standard output (which dagster-dbt reads)
and in its file log alike, so nobody reads them; yet they were some 2 s of a one-authority
build's 15 s of dbt (BENCHMARKS.md's commentary).

`install` (csc-dbt) changes two things, and only while no log reads a debug line, which it asks
at each event: a log whose level takes debug lines (dbt's `--debug`, `--log-level debug` or
`--log-level-file debug`, the file log's default), a callback (dbt's programmatic runner; not
dbt's own tracking of behaviour-change warnings, which reads none), or a log of a shape it does
not know (counted as reading):

- dbt's event manager drops an event fired at debug level before wrapping or writing it;
- the adapter's connection modules make their per-query events only when they are to be read:
  the classes they name are replaced by stand-ins that keep the event's arguments (dbt's
  events take keywords only), and the modules' `fire_event` makes the event from them, at the
  same moment, only when read.

When a log reads debug lines, every event is made, wrapped and written as dbt would. The
modules and classes are dbt's internals: one not found leaves dbt as it is, and
tests/orchestration checks that they are found, so an upgrade that moves them is noticed.
"""

from __future__ import annotations

import functools
import importlib
import logging
from typing import Any

# The adapter modules whose queries fire these events, and the classes they name.
PER_QUERY_EVENTS = {
    "dbt.adapters.sql.connections": ("ConnectionUsed", "SQLQuery", "SQLQueryStatus", "SQLCommit"),
    "dbt.adapters.base.connections": ("NewConnection", "ConnectionReused", "ConnectionClosed", "Rollback"),
}


# Callbacks dbt itself registers that read no debug event: dbt's tracking of behaviour-change
# warnings (a warning, sent only when usage statistics are on; the project turns them off).
CALLBACKS_READING_NO_DEBUG_EVENT = {("dbt.tracking", "track_behavior_change_warn")}


def debug_read(manager: Any) -> bool:
    """Whether dbt's event `manager` would hand a debug event to anyone: a callback other than
    dbt's own that read none, or a log whose Python logger takes debug lines."""
    callbacks = getattr(manager, "callbacks", None)
    if callbacks is None or any(
        (getattr(c, "__module__", None), getattr(c, "__qualname__", None)) not in CALLBACKS_READING_NO_DEBUG_EVENT
        for c in callbacks
    ):
        return True
    for log in getattr(manager, "loggers", None) or ():
        python_logger = getattr(log, "_python_logger", None)
        if not isinstance(python_logger, logging.Logger) or python_logger.isEnabledFor(logging.DEBUG):
            return True
    return False


def debug_read_now() -> bool:
    from dbt_common.events.functions import get_event_manager

    return debug_read(get_event_manager())


class Unmade:
    """An event's class and arguments, for the event to be made if it is to be read."""

    __slots__ = ("event_class", "arguments")

    def __init__(self, event_class: type, arguments: dict[str, Any]) -> None:
        self.event_class = event_class
        self.arguments = arguments

    def made(self) -> Any:
        return self.event_class(**self.arguments)


def stand_in(event_class: type):
    """What the adapter's modules call in place of `event_class`: an Unmade event of it."""

    def unmade(**arguments: Any) -> Unmade:
        return Unmade(event_class, arguments)

    unmade.__name__ = unmade.__qualname__ = event_class.__name__
    return unmade


def fire_event_making_read_events(fire_event):
    """`fire_event` as the adapter's modules call it: an Unmade event is made only when read
    (or fired at a level of its own)."""

    @functools.wraps(fire_event)
    def fire(e: Any, level: Any = None, node: Any = None, force_warn_or_error_handling: bool = False) -> None:
        if isinstance(e, Unmade):
            if level is None and not force_warn_or_error_handling and not debug_read_now():
                return
            e = e.made()
        fire_event(e, level=level, node=node, force_warn_or_error_handling=force_warn_or_error_handling)

    fire.makes_read_events = True
    return fire


def dropping_unread_debug_events(manager_fire_event):
    """dbt's EventManager.fire_event, which drops a debug event no log reads."""
    from dbt_common.events.base_types import EventLevel

    @functools.wraps(manager_fire_event)
    def fire_event(self, e, level=None, node=None, force_warn_or_error_handling=False) -> None:
        if (
            not force_warn_or_error_handling
            and (level or e.level_tag()) == EventLevel.DEBUG
            and not debug_read(self)
        ):
            return
        manager_fire_event(self, e, level=level, node=node, force_warn_or_error_handling=force_warn_or_error_handling)

    fire_event.drops_unread_debug_events = True
    return fire_event


def install() -> list[str]:
    """Drop unread debug events in dbt's event manager and make the adapter's per-query events
    only when read; the names changed."""
    from dbt_common.events.base_types import DebugLevel
    from dbt_common.events.event_manager import EventManager

    changed = []
    if not getattr(EventManager.fire_event, "drops_unread_debug_events", False):
        EventManager.fire_event = dropping_unread_debug_events(EventManager.fire_event)
        changed.append("dbt_common.events.event_manager.EventManager.fire_event")
    for module_name, class_names in PER_QUERY_EVENTS.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        fire_event = getattr(module, "fire_event", None)
        if fire_event is None:
            continue
        for class_name in class_names:
            event_class = getattr(module, class_name, None)
            if isinstance(event_class, type) and issubclass(event_class, DebugLevel):
                setattr(module, class_name, stand_in(event_class))
                changed.append(f"{module_name}.{class_name}")
        if not getattr(fire_event, "makes_read_events", False):
            module.fire_event = fire_event_making_read_events(fire_event)
    return changed
