"""Loading the definitions imports no reader of a kind of delivery that most refreshes never
read: every refresh pays for what the definitions import (its fixed cost, issue 18)."""

from __future__ import annotations

import subprocess
import sys

from orchestration.settings import REPOSITORY_ROOT

# Imported where a workbook or census return is read, not before (0.2-0.3 s each).
READERS_ONLY = ("pyarrow", "xmlschema")


def test_the_code_location_loads_without_the_readers_heavy_imports():
    # In a process of its own: this test process may have imported them already.
    script = (
        "import sys\n"
        "import orchestration.code_location\n"
        f"print(sorted(name for name in {READERS_ONLY!r} if name in sys.modules))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY_ROOT, capture_output=True, text=True,
        check=True,
    )
    assert shown.stdout.strip() == "[]"
