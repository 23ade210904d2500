"""Loading the definitions imports no reader of a kind of delivery that most refreshes never
read, and not dbt itself: every refresh pays for what the definitions import (its fixed cost,
issue 18)."""

from __future__ import annotations

import subprocess
import sys

from orchestration.settings import REPOSITORY_ROOT

# Imported where a workbook or census return is read, not before (0.2-0.3 s each).
READERS_ONLY = ("pyarrow", "xmlschema")
# dbt runs in a process of its own (csc-dbt); dagster-dbt would import these (some 2 s).
DBT_CORE = ("dbt.adapters", "dbt.cli", "dbt.contracts", "dbt.graph", "dbt.version")


def shown_by(script: str) -> str:
    """What `script` prints in a Python process of its own (this one may have imported
    anything already)."""
    shown = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY_ROOT, capture_output=True, text=True,
        check=True,
    )
    return shown.stdout.strip()


def test_the_code_location_loads_without_the_readers_heavy_imports():
    script = (
        "import sys\n"
        "import orchestration.code_location\n"
        f"print(sorted(name for name in {READERS_ONLY + DBT_CORE!r} if name in sys.modules))\n"
    )
    assert shown_by(script) == "[]"


def test_dagster_dbt_takes_its_path_without_dbt_core_even_after_dbt_is_imported():
    # A process that has run dbt in process (a test, a notebook) and then loads the definitions:
    # dagster-dbt is the same as in a refresh, and dbt stays importable for anything after it.
    script = (
        "import dbt.version\n"
        "import orchestration.definitions\n"
        "from dagster_dbt.compat import DBT_PYTHON_VERSION\n"
        "import dbt.version as again\n"
        "print(DBT_PYTHON_VERSION, again is dbt.version)\n"
    )
    assert shown_by(script) == "None True"
