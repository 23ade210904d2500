"""`make refresh`: run the `refresh` job when there is something to do.

    python -m orchestration.refresh_command [--force] [--accept <la>/<date> ...] [--accepted-by NAME]

Without --force, it first asks refresh_need: when the warehouse already holds the landing area
as it is and the serving database is up to date, it says so in one line and starts no run
(no run, so nothing in the Dagster UI shows as skipped). Otherwise it runs

    dagster job execute -m orchestration.definitions -j refresh -c orchestration/refresh_run.yaml

(the terminal shows each step's progress; refresh_run.yaml), with orchestration/
force_publish.yaml too under --force (rebuild and republish though nothing changed).

--accept (`make refresh ACCEPT=901/2024-03-31`, several separated by commas or spaces) accepts
deliveries held for review (orchestration/delivery_holds.py): their figures replace the
authorities' previous ones, and the acceptance is recorded with --accepted-by (`ACCEPTED_BY=`;
default: the system user running it). The run config for it is handed to `dagster job
execute` as an in-memory file (/dev/fd/<n>), so nothing is left behind; a refresh that
accepts always runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml

from orchestration.refresh_need import WarehouseBusy, refresh_need
from orchestration.settings import REPOSITORY_ROOT, paths_from_environment

RUN_CONFIG = REPOSITORY_ROOT / "orchestration" / "refresh_run.yaml"
FORCE_CONFIG = REPOSITORY_ROOT / "orchestration" / "force_publish.yaml"
# `dagster job execute` asks, on every run, to be replaced by the `dg` command line, which needs
# a project layout of its own; the request is not for the people reading a refresh's output.
_QUIET_WARNINGS = "ignore:Function `job_execute_command` is superseded"


def job_command(force: bool, accept_config: str | None = None) -> list[str]:
    dagster = str(Path(sys.executable).parent / "dagster")
    configs = [RUN_CONFIG, *([FORCE_CONFIG] if force else []), *filter(None, [accept_config])]
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
    parser.add_argument(
        "--accept", action="append", default=[], metavar="LA/DATE",
        help="accept a delivery held for review, as 901/2024-03-31 (several: repeat, or "
        "separate them by commas)",
    )
    parser.add_argument("--accepted-by", help="who accepts them, for the record")
    arguments = parser.parse_args(argv)
    accept = [key for text in arguments.accept for key in text.replace(",", " ").split()]
    if not arguments.force and not accept:
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
    command = job_command(
        arguments.force, accept_config_file(accept, arguments.accepted_by) if accept else None
    )
    os.execve(command[0], command, {**os.environ, "PYTHONWARNINGS": warnings})
    return 1  # not reached


def accept_config(snapshots: Sequence[str], accepted_by: str | None) -> dict:
    """The run config accepting held deliveries."""
    config: dict = {"accept_held": list(snapshots)}
    if accepted_by:
        config["accepted_by"] = accepted_by
    return {"ops": {"load_snapshots": {"config": config}}}


def accept_config_file(snapshots: Sequence[str], accepted_by: str | None) -> str:
    """The acceptance's run config as an in-memory file the dagster command inherits."""
    descriptor = os.memfd_create("csc-accept-held.yaml", 0)  # not closed on exec
    os.write(descriptor, yaml.safe_dump(accept_config(snapshots, accepted_by)).encode())
    return f"/dev/fd/{descriptor}"


if __name__ == "__main__":
    sys.exit(main())
