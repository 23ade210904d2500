"""dbt as a child that never outlives the refresh that started it: the `csc-dbt` command.

dagster-dbt starts dbt as a process of its own. Were the refresh killed (kill -9, out of
memory), a plain `dbt build` would go on writing the warehouse with nobody holding the
warehouse lock, and the next refresh would fail on DuckDB's own file lock. `csc-dbt` is dbt
with these differences, set up before dbt starts:

- it asks the kernel to kill it when its parent dies (Linux's PR_SET_PDEATHSIG), and gives up
  at once if the parent is already gone;
- it runs in a process group of its own, so a Ctrl-C in a terminal reaches Dagster, which stops
  dbt itself (dagster-dbt forwards the interrupt), rather than both at once;
- while it builds for a refresh, it holds the warehouse's child lock (warehouse_lock), so that
  the lock is not handed on until it has stopped writing, whatever the order in which it and
  its parent end;
- it injects ephemeral models into their readers' SQL without parsing the readers' whole
  statements (dbt_cte_injection: the same SQL, some 8% less of dbt's Python);
- it makes and writes out dbt's debug events only when a log reads them (dbt_unread_events:
  a refresh's logs are at info level);
- told a file for them (the refresh's builds and parses: dbt_assets), it keeps the Python code
  Jinja compiles dbt's templates into from one build to the next (dbt_template_cache);
- it never asks PyPI for dbt's latest version: `dbt --version` (dagster-dbt runs it before
  its first command unless told the version, as dbt_assets does) would otherwise send a
  request off the machine each time;
- told the warehouse's folder (`warehouse_for_dbt`), it runs dbt in that folder and gives the
  profile the warehouse's file name, relative to it (CSC_DBT_WAREHOUSE_FILE; profiles.yml).
  dbt parses the whole project again (some 10 s) whenever the profile's values differ from
  those of the parse it kept; a name, rather than the absolute path, is the same for every
  warehouse of that name, so one parse serves them all (dbt_assets). DuckDB opens the same
  file, and keeps its WAL and its spill folder (`<file>.tmp`) beside it, as with the absolute
  path; dagster-dbt gives dbt the project, profile, target and log folders as absolute paths.

The refresh passes what it needs in the environment (`as_child_of_this_process`,
`warehouse_for_dbt`); started by hand, `csc-dbt` is plain dbt that dies with its parent.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from orchestration import dbt_cte_injection, dbt_template_cache, dbt_unread_events, pause_points
from orchestration.process_environment import environment_set
from orchestration.warehouse_lock import held_by_child

COMMAND = "csc-dbt"
PARENT_VARIABLE = "CSC_DBT_PARENT_PID"
LOCK_VARIABLE = "CSC_DBT_WAREHOUSE_LOCK"
# The warehouse, an absolute path (the profile's, unless csc-dbt gives it the file's name).
WAREHOUSE_VARIABLE = "CSC_WAREHOUSE_PATH"
# The folder dbt runs in (set by the refresh), and the warehouse relative to it (by csc-dbt).
FOLDER_VARIABLE = "CSC_DBT_WAREHOUSE_FOLDER"
FILE_VARIABLE = "CSC_DBT_WAREHOUSE_FILE"
_PR_SET_PDEATHSIG = 1


def warehouse_for_dbt(warehouse_path: Path) -> AbstractContextManager[None]:
    """Point dbt's profile at the warehouse, for the block; csc-dbt runs in its folder."""
    return environment_set(
        {WAREHOUSE_VARIABLE: str(warehouse_path), FOLDER_VARIABLE: str(warehouse_path.parent)}
    )


@contextmanager
def as_child_of_this_process(lock_path: Path) -> Iterator[None]:
    """For the block, dbt started from here holds `lock_path`'s child lock and checks that this
    process is its parent."""
    with environment_set({PARENT_VARIABLE: str(os.getpid()), LOCK_VARIABLE: str(lock_path)}):
        yield


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent ends (Linux; elsewhere the child lock
    still keeps the warehouse from being handed on while dbt writes)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


def enter_warehouse_folder() -> None:
    """Run in the folder the refresh named, the profile given the warehouse relative to it. A
    folder not there yet (the definitions' parse on a fresh clone) keeps the absolute path."""
    os.environ.pop(FILE_VARIABLE, None)  # only ever this process's own
    folder, warehouse = os.environ.get(FOLDER_VARIABLE), os.environ.get(WAREHOUSE_VARIABLE)
    if folder and warehouse and os.path.isdir(folder):
        os.chdir(folder)
        os.environ[FILE_VARIABLE] = os.path.relpath(warehouse, folder)


def stay_offline() -> None:
    """Make dbt's look-up of its latest release (core and adapters) answer "unknown" without a
    request: dbt then reports only the installed versions."""
    import dbt.version

    dbt.version.get_latest_version = lambda *args, **kwargs: None


def main() -> None:
    die_with_parent()
    expected_parent = os.environ.get(PARENT_VARIABLE)
    if expected_parent and os.getppid() != int(expected_parent):
        # The parent died before the kernel was told: nobody is waiting for this build.
        sys.exit(f"{COMMAND}: the refresh that started this dbt build has ended; not building.")
    if os.getpid() != os.getpgrp():
        os.setpgid(0, 0)
    enter_warehouse_folder()
    from dbt.cli.main import cli  # imported here, after the checks: dbt takes a while to import

    stay_offline()
    dbt_cte_injection.install()
    dbt_unread_events.install()
    if os.environ.get(dbt_template_cache.CACHE_VARIABLE):
        dbt_template_cache.install(Path(os.environ[dbt_template_cache.CACHE_VARIABLE]))

    lock = os.environ.get(LOCK_VARIABLE)
    if not lock or sys.argv[1:] == ["--version"]:  # dagster-dbt asks first; that writes nothing
        cli(prog_name="dbt")  # exits with dbt's exit code
    with held_by_child(Path(lock)):
        pause_points.pause_here(pause_points.DBT_STARTED, wait=False)
        cli(prog_name="dbt")


if __name__ == "__main__":
    main()
