"""What the benchmarks ran on: cores, memory, CPU, software versions, date and load."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from benchmarks.figures import memory

PACKAGES = ("duckdb", "dbt-core", "dbt-duckdb", "dagster", "dagster-dbt", "streamlit", "pandas")


def describe(repository: Path) -> dict[str, str]:
    """The facts BENCHMARKS.md opens with, as label -> text."""
    load_1, load_5, _ = os.getloadavg()
    return {
        "Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Cores": str(os.cpu_count()),
        "Memory": memory(_meminfo_bytes("MemTotal")),
        "CPU": _cpu_model(),
        "System": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "Packages": ", ".join(f"{name} {_version(name)}" for name in PACKAGES),
        "Commit": _commit(repository),
        "Load average at start": f"{load_1:.2f} (1 min), {load_5:.2f} (5 min)",
    }


def _meminfo_bytes(field: str) -> float:
    with open("/proc/meminfo") as handle:
        for line in handle:
            name, _, value = line.partition(":")
            if name == field:
                return float(value.split()[0]) * 1024
    raise RuntimeError(f"/proc/meminfo has no {field}")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except FileNotFoundError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit(repository: Path) -> str:
    """The commit measured, marked when the working tree has changes; 'unknown' outside git."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=repository, capture_output=True,
            text=True, check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain"], cwd=repository, capture_output=True, text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} (with uncommitted changes)" if changed else head
