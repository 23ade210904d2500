"""`make refresh`: run the `refresh` job when there is something to do.

    python -m orchestration.refresh_command [--force]

Without --force, it first asks refresh_need: when the warehouse already holds the landing area
as it is and the serving database is up to date, it says so in one line and starts no run
(no run, so nothing in the Dagster UI shows as skipped). Otherwise it runs

    dagster job execute -m orchestration.definitions -j refresh -c orchestration/refresh_run.yaml

(the terminal shows each step's progress; refresh_run.yaml), with orchestration/
force_publish.yaml too under --force (rebuild and republish though nothing changed).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from orchestration.refresh_need import WarehouseBusy, refresh_need
from orchestration.settings import REPOSITORY_ROOT, paths_from_environment

RUN_CONFIG = REPOSITORY_ROOT / "orchestration" / "refresh_run.yaml"
FORCE_CONFIG = REPOSITORY_ROOT / "orchestration" / "force_publish.yaml"
# `dagster job execute` asks, on every run, to be replaced by the `dg` command line, which needs
# a project layout of its own; the request is not for the people reading a refresh's output.
_QUIET_WARNINGS = "ignore:Function `job_execute_command` is superseded"


def job_command(force: bool) -> list[str]:
    dagster = str(Path(sys.executable).parent / "dagster")
    configs = [RUN_CONFIG, *([FORCE_CONFIG] if force else [])]
    return [
        dagster, "job", "execute", "-m", "orchestration.definitions", "-j", "refresh",
        *(argument for config in configs for argument in ("-c", str(config))),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--force", action="store_true",
        help="rebuild the metrics and republish even when nothing changed",
    )
    arguments = parser.parse_args(argv)
    if not arguments.force:
        try:
            need = refresh_need(paths_from_environment())
        except WarehouseBusy:
            print("Another refresh is writing the warehouse; this one starts when it finishes.")
        else:
            if not need.needed:
                print(f"{need.reason} (FORCE=1 rebuilds and republishes anyway.)")
                return 0
            print(f"Refreshing: {need.reason[0].lower()}{need.reason[1:]}")
    sys.stdout.flush()
    warnings = ",".join(filter(None, [os.environ.get("PYTHONWARNINGS"), _QUIET_WARNINGS]))
    command = job_command(arguments.force)
    os.execve(command[0], command, {**os.environ, "PYTHONWARNINGS": warnings})
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main())
